import { randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';

export type StaffRole = 'STAFF' | 'ADMIN';

/** Who a valid token says is asking. */
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
