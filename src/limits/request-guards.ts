import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { sendJson } from '../common/send-json.js';
import type { Context } from '../context.js';
import { ErrorCode } from '../errors.js';
import { DOCUMENT_TOO_DEEP, documentNestingExceeds } from './document-nesting.js';
import { jsonDepthExceeds, MAX_JSON_DEPTH, type RequestPolicy } from './query-limits.js';

/** The largest request, as an HTTP body or as one WebSocket message. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** Apollo would run a subscription sent over HTTP once with an empty root; refuse it instead. */
export function refuseHttpSubscriptions(path: string): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
            throw new GraphQLError(`Subscriptions are served over WebSocket (graphql-ws) at ${path}`, {
              extensions: { code: ErrorCode.BAD_REQUEST, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/**
 * Refuses, with 400, an operation whose estimated cost is over MAX_COST (naming the limit)
 * or whose input holds a NUL character.
 */
export function costLimit(policy: RequestPolicy): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          policy.assertNoNul(document, request.variables);
          policy.assertWithinCost(schema, document, request.variables, request.operationName);
        },
      };
    },
  };
}

/** Why body-parser refused a body, in words for the client (by its error `type`). */
const BODY_ERRORS: Record<string, string> = {
  'entity.too.large': 'Request body too large',
  'charset.unsupported': 'Unsupported charset: send the JSON body as UTF-8',
  'encoding.unsupported': 'Unsupported Content-Encoding: send the body as is, gzip, deflate or br',
};

/**
 * Answers a body refused on the way (`type`: body-parser's error type; none: not JSON) as
 * any other bad GraphQL request is answered, not with an HTML page.
 */
export function refuseBody(res: http.ServerResponse, status: number, type?: string): void {
  const body = JSON.stringify({
    errors: [
      {
        message: BODY_ERRORS[type ?? ''] ?? 'Request body is not valid JSON',
        extensions: { code: ErrorCode.BAD_REQUEST },
      },
    ],
  });
  sendJson(res, body, status);
}

const jsonBodyErrors: ErrorRequestHandler = (error, _req, res, next) => {
  if (!error || typeof error.status !== 'number' || error.status >= 500) return next(error);
  refuseBody(res, error.status, error.type);
};

/**
 * A body nested deeper than MAX_JSON_DEPTH is refused before anything walks it: JSON.parse
 * copes with any depth, but the recursive walks after it (the idempotency hash's
 * JSON.stringify, variable coercion) would overflow the stack and answer 500.
 */
const jsonBodyDepth: RequestHandler = (req, res, next) => {
  if (!jsonDepthExceeds(req.body, MAX_JSON_DEPTH)) return next();
  res.status(400).json({
    errors: [
      {
        message: `Request body nested too deeply: at most ${MAX_JSON_DEPTH} levels of objects and arrays`,
        extensions: { code: ErrorCode.BAD_REQUEST },
      },
    ],
  });
};

/** The JSON body, parsed within MAX_REQUEST_BYTES; a body refused on the way answers 400 (or 413, 415). */
export const jsonBody = [express.json({ limit: MAX_REQUEST_BYTES }), jsonBodyErrors, jsonBodyDepth];

/** A document nested deeper than MAX_DOCUMENT_NESTING is refused before graphql-js parses it. */
export const documentNesting: RequestHandler = (req, res, next) => {
  const query = req.method === 'GET' ? req.query.query : (req.body as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string' || !documentNestingExceeds(query)) return next();
  res
    .status(400)
    .json({ errors: [{ message: DOCUMENT_TOO_DEEP, extensions: { code: ErrorCode.GRAPHQL_PARSE_FAILED } }] });
};
