import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../common/sql.js';
import { UnauthenticatedError } from '../errors.js';
import { TokenRefused, verifyStaffToken, type Staff } from './token.js';

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
  ) {}

  get acceptsSignIn(): boolean {
    return this.secret !== null;
  }

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
   * The staff member an `Authorization: Bearer <token>` value names; null without one.
   * Anything else — another scheme, a forged, expired or revoked token — is refused.
   */
  async authenticate(authorization: unknown): Promise<Staff | null> {
    if (authorization === undefined || authorization === null || authorization === '') return null;
    const match =
      typeof authorization === 'string' ? /^Bearer ([A-Za-z0-9_\-.]{1,4096})$/.exec(authorization.trim()) : null;
    if (!match) throw new UnauthenticatedError('The Authorization value must be "Bearer <token>"');
    if (!this.secret)
      throw new UnauthenticatedError('This hub is read-only: no JWT_SECRET is configured, so no token is accepted');
    let staff: Staff;
    try {
      staff = await verifyStaffToken(this.secret, match[1]!, this.maxTokenAgeSeconds);
    } catch (error) {
      if (error instanceof TokenRefused) throw new UnauthenticatedError(error.message);
      throw error;
    }
    if (this.revoked.has(staff.tokenId)) throw new UnauthenticatedError('The token has been revoked');
    return staff;
  }
}
