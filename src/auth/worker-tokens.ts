import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { parseGlobalId } from '../common/relay.js';
import type { Config } from '../config.js';
import { TokenRefused, type Worker } from './token.js';

/**
 * Worker tokens: issued by the portal's identity provider (the mini-programs' sign-in),
 * verified here by its public keys. Only asymmetric algorithms: the hub never holds a
 * secret that could mint a worker.
 */
export const WORKER_ALGORITHMS = ['RS256', 'ES256'] as const;

/** The issuer and audience of development worker tokens (no identity provider configured). */
const DEV_ISSUER = 'unionhub-dev';
const DEV_AUDIENCE = 'unionhub';

/**
 * Keys from a JWK-set file: read at first use, read again when a token names a `kid` the
 * copy lacks (a rotation), but at most once per cooldown, and when the copy is older than
 * `maxAgeMs`. jose's remote key set does the same for a URL.
 */
function fileKeySet(file: string, cooldownMs: number, maxAgeMs: number): JWTVerifyGetKey {
  let keys: JWTVerifyGetKey | undefined;
  let readAt = 0;
  const load = async () => {
    const jwks = JSON.parse(await readFile(file, 'utf8')) as JSONWebKeySet;
    keys = createLocalJWKSet(jwks);
    readAt = Date.now();
  };
  return async (header, token) => {
    if (!keys || Date.now() - readAt > maxAgeMs) await load();
    try {
      return await keys!(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || Date.now() - readAt < cooldownMs) throw error;
      await load();
      return keys!(header, token);
    }
  };
}

/** Verifies worker tokens against one issuer's keys. */
export class WorkerTokens {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly issuer: string,
    private readonly audience: string,
    /** TOKEN_MAX_HOURS, as for staff tokens. */
    private readonly maxAgeSeconds: number,
  ) {}

  /** Signature (a key of the issuer's set, RS256 or ES256), issuer, audience, expiry, age, and the claims a worker needs. */
  async verify(token: string): Promise<Worker> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: [...WORKER_ALGORITHMS],
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ['exp', 'iat', 'sub'],
        maxTokenAge: this.maxAgeSeconds,
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new TokenRefused('The token has expired');
      if (error instanceof errors.JWKSTimeout || (error instanceof TypeError && /fetch/i.test(error.message)))
        throw new TokenRefused("The worker token cannot be checked now: the identity provider's keys are unreachable");
      if (error instanceof errors.JWTClaimValidationFailed)
        throw new TokenRefused(`The token is not valid: its "${error.claim}" claim is not accepted`);
      throw new TokenRefused('The token is not valid');
    }
    const { sub, jti, exp, iat, name, phone_number: phone, phone_number_verified: verified, union } = payload;
    const unionId = typeof union === 'string' ? parseGlobalId(union)?.id : union;
    if (
      typeof sub !== 'string' ||
      sub.length === 0 ||
      sub.length > 200 ||
      typeof exp !== 'number' ||
      typeof name !== 'string' ||
      name.trim().length === 0 ||
      name.length > 100 ||
      typeof phone !== 'string' ||
      !Number.isSafeInteger(unionId) ||
      (unionId as number) <= 0
    ) {
      throw new TokenRefused('The token is not valid: a worker token names a subject, a name, a phone and a union');
    }
    const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86/, '');
    if (verified !== true || !/^1[3-9]\d{9}$/.test(digits))
      throw new TokenRefused('The token is not valid: it carries no verified mainland mobile number');
    return {
      role: 'WORKER',
      workerId: sub,
      name: name.trim(),
      phone: digits,
      unionId: unionId as number,
      tokenId: typeof jti === 'string' ? jti : `${sub}@${String(iat)}`,
      expiresAt: new Date(exp * 1000),
    };
  }
}

/** What a worker token says about its worker, for signing one. */
export interface WorkerClaims {
  workerId: string;
  name: string;
  phone: string;
  unionId: number;
}

/** A private key that signs worker tokens, with what they must say to be accepted. */
export interface WorkerSigner {
  privateJwk: JWK;
  issuer: string;
  audience: string;
}

/** Signs a worker token as an identity provider would (development, tests). */
export async function signWorkerToken(
  signer: WorkerSigner,
  worker: WorkerClaims,
  validForSeconds: number,
  options: { issuedAt?: number } = {},
): Promise<string> {
  const alg = signer.privateJwk.alg ?? 'ES256';
  const key = await importJWK(signer.privateJwk, alg);
  const now = options.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT({
    name: worker.name,
    phone_number: worker.phone,
    phone_number_verified: true,
    union: worker.unionId,
  })
    .setProtectedHeader({ alg, kid: signer.privateJwk.kid, typ: 'JWT' })
    .setSubject(worker.workerId)
    .setIssuer(signer.issuer)
    .setAudience(signer.audience)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + validForSeconds)
    .sign(key);
}

/** A new key pair: the private JWK (with `kid` and `alg`) and its public JWK set. */
export async function newWorkerKeyPair(alg: (typeof WORKER_ALGORITHMS)[number] = 'ES256') {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg, use: 'sig' };
  const jwks: JSONWebKeySet = { keys: [{ ...publicJwk, kid, alg, use: 'sig' }] };
  return { privateJwk, jwks };
}

/**
 * The development issuer: a key pair kept in a file of the project's data folder, made on
 * first use, shared by `npm start` and `npm run token -- --worker` so the tokens one
 * prints the other accepts. Never in production.
 */
export async function developmentWorkerSigner(file: string): Promise<WorkerSigner & { jwks: JSONWebKeySet }> {
  type Stored = { privateJwk: JWK; jwks: JSONWebKeySet };
  const read = async () => JSON.parse(await readFile(file, 'utf8')) as Stored;
  let stored: Stored;
  try {
    stored = await read();
  } catch {
    // Written aside, then linked into place: a link never overwrites, so two processes
    // starting at once end up with the same key (the first one's).
    await mkdir(path.dirname(file), { recursive: true });
    const aside = `${file}.${randomUUID()}`;
    await writeFile(aside, JSON.stringify(await newWorkerKeyPair()), { mode: 0o600 });
    await link(aside, file).catch(() => {});
    await unlink(aside);
    stored = await read();
  }
  return { ...stored, issuer: DEV_ISSUER, audience: DEV_AUDIENCE };
}

type WorkerAuthConfig = Pick<
  Config,
  | 'authJwksUrl'
  | 'authJwksFile'
  | 'authIssuer'
  | 'authAudience'
  | 'authJwksCooldownMs'
  | 'authJwksMaxAgeMs'
  | 'workerDevKeyFile'
  | 'tokenMaxHours'
>;

/**
 * Worker sign-in as configured: the issuer's keys from AUTH_JWKS_URL or AUTH_JWKS_FILE;
 * without either, outside production, the development issuer (and its signer, to print a
 * token); in production without either, no worker signs in.
 */
export async function workerSignIn(
  config: WorkerAuthConfig,
): Promise<{ tokens: WorkerTokens | null; development: WorkerSigner | null }> {
  const maxAge = config.tokenMaxHours * 3600;
  if (config.authJwksUrl || config.authJwksFile) {
    const keys = config.authJwksUrl
      ? createRemoteJWKSet(new URL(config.authJwksUrl), {
          cooldownDuration: config.authJwksCooldownMs,
          cacheMaxAge: config.authJwksMaxAgeMs,
          timeoutDuration: 5000,
        })
      : fileKeySet(config.authJwksFile!, config.authJwksCooldownMs, config.authJwksMaxAgeMs);
    return { tokens: new WorkerTokens(keys, config.authIssuer!, config.authAudience!, maxAge), development: null };
  }
  if (process.env.NODE_ENV === 'production') return { tokens: null, development: null };
  const signer = await developmentWorkerSigner(config.workerDevKeyFile);
  return {
    tokens: new WorkerTokens(createLocalJWKSet(signer.jwks), signer.issuer, signer.audience, maxAge),
    development: signer,
  };
}
