import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { signStaffToken } from './token.js';
import { signWorkerToken, type WorkerSigner } from './worker-tokens.js';

type Log = (message: string) => void;

/** Null: no JWT_SECRET in production, so nobody can sign in. `development`: made for this process only. */
export type SigningKey = { secret: string; development: true } | { secret: string | null; development: false };

/**
 * The key staff tokens are signed with: JWT_SECRET, never a default. Without one, a
 * production hub is read-only; elsewhere it makes a key for this process only and prints
 * a development token, so the demo can be tried end to end.
 */
export function signingKey(config: Pick<Config, 'jwtSecret'>, log: Log): SigningKey {
  if (config.jwtSecret) return { secret: config.jwtSecret, development: false };
  if (process.env.NODE_ENV === 'production') {
    log('JWT_SECRET is not set: nobody can sign in, so this hub is read-only');
    return { secret: null, development: false };
  }
  return { secret: randomBytes(48).toString('base64'), development: true };
}

/** Logs an ADMIN token of the root union signed with a development key, valid 12 h. */
export async function printDevelopmentToken(em: EntityManager, secret: string, log: Log): Promise<void> {
  const [root] = await em
    .fork()
    .execute<{ id: number; name: string }[]>('select id, name from unions where parent_id is null order by id limit 1');
  const { token } = await signStaffToken(
    secret,
    { staffId: 'dev', name: '开发者', unionId: root?.id ?? 0, role: 'ADMIN' },
    12 * 3600,
  );
  log(
    'JWT_SECRET is not set: signing with a key made for this process only (tokens die with it, other instances reject them). ' +
      `A development ADMIN token, valid 12 h — send it as "Authorization: Bearer <token>":\n${token}`,
  );
}

/**
 * Logs a worker token from the development issuer (no AUTH_JWKS_URL, outside production),
 * valid 12 h: a worker of the first grassroots union, for trying the self-service mutations.
 */
export async function printDevelopmentWorkerToken(em: EntityManager, signer: WorkerSigner, log: Log): Promise<void> {
  const [union] = await em
    .fork()
    .execute<{ id: number; name: string }[]>(
      `select id, name from unions order by (level = 'GRASSROOTS') desc, (parent_id is null), id limit 1`,
    );
  if (!union) return;
  const token = await signWorkerToken(
    signer,
    { workerId: 'dev-worker', name: '开发职工', phone: '13900000000', unionId: union.id },
    12 * 3600,
  );
  log(
    'AUTH_JWKS_URL is not set: worker tokens come from a development issuer (its key pair in .data/). ' +
      `A development WORKER token of ${union.name}, valid 12 h — send it as "Authorization: Bearer <token>":\n${token}`,
  );
}
