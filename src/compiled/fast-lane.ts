import type http from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { documentNestingExceeds } from '../limits/document-nesting.js';
import { jsonDepthExceeds } from '../limits/query-limits.js';
import { refuseBody } from '../limits/request-guards.js';

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface FastLaneOptions {
  /** The GraphQL path, e.g. `/graphql`: only `POST` to exactly this URL takes the lane. */
  path: string;
  maxBytes: number;
  /** Express, for every request the lane does not finish. */
  express: Listener;
  /** The request's log scope (ops), which Express then skips (see `entered`). */
  scope: RequestHandler;
  /**
   * The steps before Apollo, in order (sign-in, cache hits, compiled reads): each answers
   * with plain `http` calls or calls `next()`. Express skips them for a request the lane
   * ran them on (see `unlessRan`).
   */
  steps: RequestHandler[];
}

export interface FastLane {
  /** The HTTP server's request listener. */
  listener: Listener;
  /** Whether the lane took this request (gave it its log scope). */
  entered(req: http.IncomingMessage): boolean;
  /** `steps` as one Express middleware that passes over a request the lane already ran them on. */
  unlessRan(steps: RequestHandler[]): RequestHandler;
}

/**
 * The front door for the hub's most frequent request, a query as a JSON POST, ahead of
 * Express: Express's own work per request (its request and response prototypes, the
 * router, body-parser) cost more CPU than a compiled answer's whole statement for a small
 * question. The lane takes `POST <path>` with a plain JSON body of a declared length
 * (no encoding, UTF-8), reads and parses it as body-parser would, and runs the steps
 * before Apollo on the bare request; whatever they do not answer goes on to Express with
 * the body parsed (body-parser sees a finished request and leaves `req.body` as it is),
 * where the guards, the sign-in step and Apollo run as for any request. A body that is
 * not JSON gets body-parser's answer; one nested too deeply, Express's guards' answers.
 */
export function fastLane(options: FastLaneOptions): FastLane {
  const entered = new WeakSet<http.IncomingMessage>();
  const ran = new WeakSet<http.IncomingMessage>();
  /** Runs `steps` in order as Express would, a thrown or rejected error passed to `done`. */
  const chain = (steps: RequestHandler[], req: Request, res: Response, done: NextFunction) => {
    let i = 0;
    const next: NextFunction = (error?: unknown) => {
      if (error !== undefined || i === steps.length) return done(error);
      try {
        const result: unknown = steps[i++]!(req, res, next);
        if (result instanceof Promise) result.catch(next);
      } catch (thrown) {
        next(thrown);
      }
    };
    next();
  };

  const listener: Listener = (req, res) => {
    if (!takes(req, options)) return options.express(req, res);
    entered.add(req);
    const request = req as Request;
    const response = res as Response;
    options.scope(request, response, () => {});
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The client went away before its body was in: nobody is left to answer.
    req.once('error', () => res.destroy());
    req.once('end', () => {
      let body: unknown;
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        // As body-parser's strict JSON: an object or array, a leading BOM dropped.
        body = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        if (body === null || typeof body !== 'object') throw new SyntaxError('not an object or array');
      } catch {
        return refuseBody(response, 400);
      }
      request.body = body;
      const query = (body as { query?: unknown }).query;
      if (Array.isArray(body) || typeof query !== 'string' || jsonDepthExceeds(body) || documentNestingExceeds(query)) {
        return options.express(req, res);
      }
      ran.add(req);
      chain(options.steps, request, response, (error?: unknown) => {
        // A step failed: Express runs them again and answers the failure its own way.
        if (error !== undefined) ran.delete(req);
        options.express(req, res);
      });
    });
  };

  return {
    listener,
    entered: (req) => entered.has(req),
    unlessRan: (steps) => (req, res, next) => (ran.has(req) ? next() : chain(steps, req, res, next)),
  };
}

/** A JSON POST to exactly the path, of a declared length within the limit, as is. */
function takes(req: http.IncomingMessage, { path, maxBytes }: FastLaneOptions): boolean {
  if (req.method !== 'POST' || req.url !== path) return false;
  const { headers } = req;
  const type = headers['content-type']?.toLowerCase().replace(/\s+/g, '');
  if (type !== 'application/json' && type !== 'application/json;charset=utf-8') return false;
  if (headers['transfer-encoding'] !== undefined) return false;
  if (headers['content-encoding'] !== undefined && headers['content-encoding'].toLowerCase() !== 'identity')
    return false;
  const length = Number(headers['content-length']);
  return Number.isInteger(length) && length > 0 && length <= maxBytes;
}
