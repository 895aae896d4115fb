import type { Request, RequestHandler } from 'express';
import { UnauthenticatedError } from '../errors.js';
import type { Auth } from './auth.js';
import type { Viewer } from './token.js';

/** What signing an HTTP request in found: its viewer (null: anonymous), or why its token was refused. */
export type SignIn = { ok: true; viewer: Viewer | null } | { ok: false; error: unknown };

const signIns = new WeakMap<Request, SignIn>();

/**
 * The one sign-in step of an HTTP request: verifies its Authorization header once and
 * records the outcome for the steps after it, the response cache and Apollo's context.
 * It answers nothing itself: a refused token becomes the request's GraphQL error, with
 * HTTP status 401, when Apollo builds the context (viewerOf).
 */
export function signInHttp(auth: Auth): RequestHandler {
  return async (req, _res, next) => {
    try {
      signIns.set(req, { ok: true, viewer: await auth.authenticate(req.headers.authorization) });
    } catch (error) {
      const refused = error instanceof UnauthenticatedError;
      signIns.set(req, {
        ok: false,
        error: refused ? new UnauthenticatedError(error.message, { httpStatus: 401 }) : error,
      });
    }
    next();
  };
}

export function signInOf(req: Request): SignIn {
  const signIn = signIns.get(req);
  if (!signIn) throw new Error(`signInHttp must run before ${req.method} ${req.originalUrl} is answered`);
  return signIn;
}

/** The viewer, for Apollo's context; a refused token fails the whole request before anything runs. */
export function viewerOf(req: Request): Viewer | null {
  const signIn = signInOf(req);
  if (!signIn.ok) throw signIn.error;
  return signIn.viewer;
}
