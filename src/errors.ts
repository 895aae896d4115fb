import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { unwrapResolverError } from '@apollo/server/errors';
import { ValidationError as OrmValidationError } from '@mikro-orm/core';
import { GraphQLError, Kind, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from './ops/database-unavailable.js';

/** Every `extensions.code` the hub sends. */
export enum ErrorCode {
  /** A document that does not parse, or nests too deeply to parse (Apollo's code; the hub gives it too). */
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  /** A document the schema or a limit refuses (depth, aliases, directives, cost). */
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  /** A request refused before GraphQL reads it: a body that is not JSON or nests too deeply, a subscription over HTTP. */
  BAD_REQUEST = 'BAD_REQUEST',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  CAPACITY_FULL = 'CAPACITY_FULL',
  /** A subscription's `after` is older than the event log keeps: refetch, then subscribe anew. */
  CURSOR_EXPIRED = 'CURSOR_EXPIRED',
  /** A subscriber read too slowly and its buffer overflowed: resubscribe with `after`. */
  FELL_BEHIND = 'FELL_BEHIND',
  /** No token, or one that is forged, expired, revoked or malformed. */
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  /** A valid token, but the data lies outside the staff member's subtree. */
  FORBIDDEN = 'FORBIDDEN',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  /** The database is unreachable (down, restarting, connections killed): retry shortly. HTTP 503. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

/** Codes produced by graphql-js and Apollo before execution; they are safe to pass through. */
const REQUEST_CODES = new Set<string>([
  ErrorCode.GRAPHQL_PARSE_FAILED,
  ErrorCode.GRAPHQL_VALIDATION_FAILED,
  ErrorCode.BAD_USER_INPUT,
  ErrorCode.BAD_REQUEST,
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export class HubError extends GraphQLError {
  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

/**
 * Something the caller can fix in the request. `field` is where: a path inside a
 * mutation's `input` (`name`, `entries.2.name`), or an argument's name and the path inside
 * it (`id`, `filter.near.latitude`); list positions count from 0.
 */
export class BadInputError extends HubError {
  constructor(message: string, field?: string, extensions: Record<string, unknown> = {}) {
    super(message, ErrorCode.BAD_USER_INPUT, { ...(field ? { field } : {}), ...extensions });
  }
}

/** The one NOT_FOUND: the node type and the id the client knows it by (see nodeNotFound). */
export class NotFoundError extends HubError {
  constructor(type: string, id: string | number) {
    super(`${type} ${id} was not found`, ErrorCode.NOT_FOUND, { type, id: String(id) });
  }
}

/** The request is well formed, but the records as they stand now forbid it. */
export class ConflictError extends HubError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(message, ErrorCode.CONFLICT, extensions);
  }
}

export class CapacityFullError extends HubError {
  constructor(activityId: string) {
    super('The activity is full: no places are left', ErrorCode.CAPACITY_FULL, { activityId });
  }
}

export class UnauthenticatedError extends HubError {
  constructor(
    message = 'Sign in: changes need a staff bearer token (Authorization: Bearer …)',
    options: { httpStatus?: number } = {},
  ) {
    super(message, ErrorCode.UNAUTHENTICATED, options.httpStatus ? { http: { status: options.httpStatus } } : {});
  }
}

export class ForbiddenError extends HubError {
  constructor(message: string) {
    super(message, ErrorCode.FORBIDDEN);
  }
}

export class CursorExpiredError extends HubError {
  constructor(reason = 'Events after this cursor are no longer kept.') {
    super(
      `${reason} Refetch the current state, then subscribe again without \`after\` or with a newer cursor.`,
      ErrorCode.CURSOR_EXPIRED,
    );
  }
}

export class FellBehindError extends HubError {
  constructor(lastCursor: string | undefined) {
    super(
      'This subscription fell too far behind the live events and was ended. Subscribe again with `after` set to the last cursor received.',
      ErrorCode.FELL_BEHIND,
      lastCursor ? { lastCursor } : {},
    );
  }
}

/** Where an error happened, for WebSocket operations; an HTTP request's errors are tied to it by the operations plugin. */
export interface ErrorOrigin {
  request: http.IncomingMessage;
  operationName?: string | null;
}

export type ErrorLogger = (details: {
  errorId: string;
  error: unknown;
  unavailable: boolean;
  origin?: ErrorOrigin;
}) => void;

/**
 * The one place errors are shaped for clients: domain errors (input validation among
 * them, see validateArgs) and request errors pass, and anything unexpected becomes an opaque internal
 * error whose id is in the log, so no database text ever reaches a client.
 */
export function createFormatError(log: ErrorLogger, options: { fieldSuggestions?: boolean } = {}) {
  const shape = createShape(log);
  if (options.fieldSuggestions !== false) return shape;
  // graphql-js suggests names of fields, arguments and enum values; in production they
  // would map the schema for whoever probes it, so they go.
  return (formatted: GraphQLFormattedError, error: unknown, origin?: ErrorOrigin): GraphQLFormattedError => {
    const result = shape(formatted, error, origin);
    return { ...result, message: result.message.replace(/\s*Did you mean [^?]*\?$/, '') };
  };
}

/** One of the hub's codes for what the client did (anything but an internal error). */
function isClientCode(code: unknown): boolean {
  return (
    typeof code === 'string' &&
    code !== ErrorCode.INTERNAL_SERVER_ERROR &&
    Object.values<string>(ErrorCode).includes(code)
  );
}

/** graphql-js's "Variable "$x" got invalid value …": one variable definition node, the coercion's error inside. */
function isVariableError(error: GraphQLError): boolean {
  return (
    error.nodes?.length === 1 &&
    error.nodes[0]!.kind === Kind.VARIABLE_DEFINITION &&
    error.originalError instanceof GraphQLError
  );
}

function createShape(log: ErrorLogger) {
  return (formatted: GraphQLFormattedError, error: unknown, origin?: ErrorOrigin): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof HubError) {
      // `http` tells Apollo the status code; it is not for the client.
      const { http: _http, ...extensions } = original.extensions;
      return { ...formatted, message: original.message, extensions };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && REQUEST_CODES.has(code) && !(original instanceof OrmValidationError)) {
      return formatted;
    }
    // What the hub raises outside resolvers (sign-in while building the context, plugins)
    // is a GraphQLError with one of its own codes: UNAUTHENTICATED stays UNAUTHENTICATED.
    if (original instanceof GraphQLError && !original.originalError && !original.path && isClientCode(code))
      return formatted;
    // graphql-js coercion errors (bad variables, bad literals) carry no original error;
    // a variable's wraps the coercion's own. Apollo marks these BAD_USER_INPUT on HTTP,
    // graphql-ws does not, so they are recognised here for both.
    if (original instanceof GraphQLError && !original.path && (!original.originalError || isVariableError(original))) {
      return { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } };
    }
    const errorId = randomUUID();
    if (isDatabaseUnavailable(original)) {
      log({ errorId, error: original, unavailable: true, origin });
      return {
        message: `The database is unavailable; try again shortly (id ${errorId})`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, errorId },
      };
    }
    log({ errorId, error: original, unavailable: false, origin });
    return {
      message: `Internal server error (id ${errorId})`,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR, errorId },
    };
  };
}
