import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeProtectedHeader } from 'jose';
import { query, sql } from '../common/sql.js';
import { UnauthenticatedError } from '../errors.js';
import { TokenRefused, verifyStaffToken, type Viewer } from './token.js';
import { WORKER_ALGORITHMS, type WorkerTokens } from './worker-tokens.js';

/** The NOTIFY channel that tells every instance a token was revoked. */
export const REVOCATION_CHANNEL = 'unionhub_revocations';

/**
 * Signs requests in. Tokens are verified locally; revocations live in the database and
 * every instance keeps a copy in memory, updated by NOTIFY and reloaded after its
 * listener reconnects, so a revoked token stops working everywhere within moments
 * without a database read per request.
 */
export class Auth {
  private revoked = new Set<string>();
  private readonly revocationListeners = new Set<(tokenId: string) => void>();

  constructor(
    /** Null: no JWT_SECRET, so nobody can sign in and the hub is read-only. */
    private readonly secret: string | null,
    private readonly em: EntityManager,
    /** TOKEN_MAX_HOURS: a token issued longer ago than this is refused, whatever its expiry says. */
    private readonly maxTokenAgeSeconds: number,
    /** Null: no worker identity provider (and none for development), so no worker signs in. */
    private readonly workers: WorkerTokens | null = null,
  ) {}

  async reloadRevocations(): Promise<void> {
    const rows = await query<{ token_id: string }>(this.em.fork(), sql('select token_id from revoked_tokens'));
    this.revoked = new Set(rows.map((r) => r.token_id));
    for (const tokenId of this.revoked) this.tokenRevoked(tokenId);
  }

  /**
   * The event hub's hooks for revocations, which ride on its LISTEN connection: every
   * NOTIFY, and a reload after each (re)connect, since what was sent meanwhile went unheard.
   */
  revocationFeed() {
    return {
      channels: { [REVOCATION_CHANNEL]: (tokenId: string) => this.tokenRevoked(tokenId) },
      onListening: () => this.reloadRevocations(),
    };
  }

  /** Called for every revocation NOTIFY; ends what the token still holds open. */
  tokenRevoked(tokenId: string): void {
    this.revoked.add(tokenId);
    for (const listener of this.revocationListeners) listener(tokenId);
  }

  /** Called with the id of every revoked token, e.g. to close its WebSocket. */
  onRevoked(listener: (tokenId: string) => void): () => void {
    this.revocationListeners.add(listener);
    return () => this.revocationListeners.delete(listener);
  }

  isRevoked(tokenId: string): boolean {
    return this.revoked.has(tokenId);
  }

  /**
   * Who an `Authorization: Bearer <token>` value names; null without one. A staff token
   * (HS256, JWT_SECRET) or a worker token (RS256/ES256, the identity provider's keys):
   * the token's algorithm says which check it gets, and each check accepts its own
   * algorithms only. Anything else — another scheme, a forged, expired or revoked token —
   * is refused. The one sign-in path of both transports (HTTP and graphql-ws).
   */
  async authenticate(authorization: unknown): Promise<Viewer | null> {
    if (authorization === undefined || authorization === null || authorization === '') return null;
    const match =
      typeof authorization === 'string' ? /^Bearer ([A-Za-z0-9_\-.]{1,4096})$/.exec(authorization.trim()) : null;
    if (!match) throw new UnauthenticatedError('The Authorization value must be "Bearer <token>"');
    const token = match[1]!;
    let viewer: Viewer;
    try {
      viewer = await this.verify(token);
    } catch (error) {
      if (error instanceof TokenRefused) throw new UnauthenticatedError(error.message);
      throw error;
    }
    if (this.revoked.has(viewer.tokenId)) throw new UnauthenticatedError('The token has been revoked');
    return viewer;
  }

  private async verify(token: string): Promise<Viewer> {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new TokenRefused('The token is not valid');
    }
    if ((WORKER_ALGORITHMS as readonly string[]).includes(alg ?? '')) {
      if (!this.workers)
        throw new TokenRefused('This hub accepts no worker tokens: no identity provider (AUTH_JWKS_URL) is configured');
      return this.workers.verify(token);
    }
    if (!this.secret)
      throw new TokenRefused('This hub is read-only: no JWT_SECRET is configured, so no staff token is accepted');
    return verifyStaffToken(this.secret, token, this.maxTokenAgeSeconds);
  }
}
