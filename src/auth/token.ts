import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

export type StaffRole = 'STAFF' | 'ADMIN';

/** Who a valid staff token says is asking. */
export interface Staff {
  /** The staff member's own id in the federation's staff register. */
  staffId: string;
  name: string;
  /** Database id of the staff member's union: they may change its subtree. */
  unionId: number;
  /** ADMIN: the federation's operators, not bound to one subtree (they may create root unions). */
  role: StaffRole;
  /** Token id, for revocation. */
  tokenId: string;
  expiresAt: Date;
}

/**
 * A worker, as a token of the portal's identity provider names them (worker-tokens.ts):
 * they act for themselves only — their own sign-ups, their own check-ins.
 */
export interface Worker {
  role: 'WORKER';
  /** The issuer's stable subject (`sub`): the same worker whatever their name or phone becomes. */
  workerId: string;
  /** Display name, as the identity provider has it. */
  name: string;
  /** The verified mainland mobile number, 11 digits. */
  phone: string;
  /** Database id of the worker's own union. */
  unionId: number;
  /** `jti`, or one made of the subject and issue time, for revocation. */
  tokenId: string;
  expiresAt: Date;
}

/** Whoever a request is signed in as: staff (STAFF, ADMIN) or a WORKER. */
export type Viewer = Staff | Worker;

/** One id per signed-in person, staff and workers apart (idempotency keys, audit). */
export function principalOf(viewer: Viewer): string {
  return viewer.role === 'WORKER' ? `worker:${viewer.workerId}` : viewer.staffId;
}

const ISSUER = 'unionhub';
const AUDIENCE = 'unionhub';
/** Only HMAC-SHA256: a token that names another algorithm (or "none") is refused. */
const ALGORITHM = 'HS256';

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function signStaffToken(
  secret: string,
  staff: { staffId: string; name: string; unionId: number; role?: StaffRole },
  validForSeconds: number,
): Promise<{ token: string; tokenId: string; expiresAt: Date }> {
  const tokenId = randomUUID();
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ name: staff.name, union: staff.unionId, role: staff.role ?? 'STAFF' })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setSubject(staff.staffId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setJti(tokenId)
    .setIssuedAt(now)
    .setExpirationTime(now + validForSeconds)
    .sign(key(secret));
  return { token, tokenId, expiresAt: new Date((now + validForSeconds) * 1000) };
}

/** Why a token was refused, in words safe to send back. */
export class TokenRefused extends Error {}

/** Verifies signature, algorithm, issuer, audience, expiry, age (issued at most `maxAgeSeconds` ago) and the claims' shapes. */
export async function verifyStaffToken(secret: string, token: string, maxAgeSeconds: number): Promise<Staff> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, key(secret), {
      algorithms: [ALGORITHM],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      maxTokenAge: maxAgeSeconds,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new TokenRefused('The token has expired');
    throw new TokenRefused('The token is not valid');
  }
  const { sub, jti, exp, name, union, role } = payload;
  if (
    typeof sub !== 'string' ||
    typeof jti !== 'string' ||
    typeof exp !== 'number' ||
    typeof name !== 'string' ||
    !Number.isSafeInteger(union) ||
    (role !== 'STAFF' && role !== 'ADMIN')
  ) {
    throw new TokenRefused('The token is not valid');
  }
  return { staffId: sub, name, unionId: union as number, role, tokenId: jti, expiresAt: new Date(exp * 1000) };
}
