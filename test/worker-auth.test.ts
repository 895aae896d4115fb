import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importJWK, SignJWT, type JSONWebKeySet, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printDevelopmentWorkerToken } from '../src/auth/signing-key.js';
import {
  developmentWorkerSigner,
  newWorkerKeyPair,
  signWorkerToken,
  type WorkerSigner,
} from '../src/auth/worker-tokens.js';
import { createUnion } from './helpers/fixtures.js';
import { overWs, wsInit } from './helpers/hostile.js';
import { errorCode, startTestServer, type TestServer } from './helpers/server.js';

/**
 * Worker tokens from an identity provider whose keys a real JWKS server serves on
 * loopback: RS256 and ES256, issuer and audience checked, expiry, key rotation, an
 * unknown `kid` (refetched, at most once per cooldown), over HTTP and graphql-ws.
 */

const ISSUER = 'https://idp.portal.example';
const AUDIENCE = 'unionhub-portal';
const COOLDOWN_MS = 400;

let jwksServer: http.Server;
let served: JSONWebKeySet = { keys: [] };
let jwksRequests = 0;
let server: TestServer;
let union: string;
let rsa: { privateJwk: JWK; jwks: JSONWebKeySet };
let ec: { privateJwk: JWK; jwks: JSONWebKeySet };

const signer = (key: { privateJwk: JWK }, over: Partial<WorkerSigner> = {}): WorkerSigner => ({
  privateJwk: key.privateJwk,
  issuer: ISSUER,
  audience: AUDIENCE,
  ...over,
});
const dbId = (globalId: string) => Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
const worker = () => ({ workerId: 'wx-o-4f2a', name: '王小明', phone: '13912345678', unionId: dbId(union) });
const VIEWER = `{ viewer { role workerId staffId name phone unionId } }`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  rsa = await newWorkerKeyPair('RS256');
  ec = await newWorkerKeyPair('ES256');
  served = { keys: [...rsa.jwks.keys, ...ec.jwks.keys] };
  jwksServer = http.createServer((req, res) => {
    jwksRequests += 1;
    res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(served));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
  const { port } = jwksServer.address() as AddressInfo;
  server = await startTestServer({
    data: 'empty',
    config: {
      authJwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      authJwksFile: null,
      authIssuer: ISSUER,
      authAudience: AUDIENCE,
      authJwksCooldownMs: COOLDOWN_MS,
    },
  });
  const city = await createUnion(server, '嘉兴市总工会', 'CITY');
  union = await createUnion(server, '平湖市总工会', 'COUNTY', city);
});
afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => jwksServer?.close(resolve));
});

describe('worker tokens verified by the issuer’s public keys', () => {
  it('RS256 and ES256 tokens sign a worker in, over HTTP and graphql-ws, with their name, phone and union', async () => {
    const expected = {
      role: 'WORKER',
      workerId: 'wx-o-4f2a',
      staffId: null,
      name: '王小明',
      phone: '13912345678',
      unionId: union,
    };
    for (const key of [rsa, ec]) {
      const token = await signWorkerToken(signer(key), worker(), 600);
      const res = await server.gql(VIEWER, {}, { token });
      expect(res.errors).toBeUndefined();
      expect(res.data.viewer).toEqual(expected);
      const ws = await overWs(server.wsUrl, VIEWER, {}, token);
      expect(ws.data.viewer).toEqual(expected);
    }
  });

  it('refuses a wrong issuer, a wrong audience, an expired token and an unverified phone with 401', async () => {
    const cases: [string, Promise<string>, RegExp][] = [
      ['issuer', signWorkerToken(signer(ec, { issuer: 'https://evil.example' }), worker(), 600), /"iss"/],
      ['audience', signWorkerToken(signer(ec, { audience: 'another-app' }), worker(), 600), /"aud"/],
      ['expired', signWorkerToken(signer(ec), worker(), -30), /expired/],
      [
        'unverified phone',
        new SignJWT({ name: '王小明', phone_number: '13912345678', phone_number_verified: false, union: 1 })
          .setProtectedHeader({ alg: 'ES256', kid: ec.privateJwk.kid })
          .setSubject('x')
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('10m')
          .sign(await importJWK(ec.privateJwk, ec.privateJwk.alg)),
        /verified mainland mobile/,
      ],
    ];
    for (const [what, pending, message] of cases) {
      const token = await pending;
      const res = await server.gql(VIEWER, {}, { token });
      expect([res.status, errorCode(res)], what).toEqual([401, 'UNAUTHENTICATED']);
      expect(res.errors![0].message, what).toMatch(message);
      const closed = await wsInit(server.wsUrl, { authorization: `Bearer ${token}` });
      expect(closed, what).toMatchObject({ code: 4403 });
    }
  });

  it('never takes a worker token for a staff one: an HS256 token signed with the public key is refused', async () => {
    const publicKey = JSON.stringify(ec.jwks.keys[0]);
    const forged = await new SignJWT({ name: 'x', union: 1, role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('x')
      .setJti('j')
      .setIssuer('unionhub')
      .setAudience('unionhub')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(publicKey));
    const res = await server.gql(VIEWER, {}, { token: forged });
    expect([res.status, errorCode(res)]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('a worker token does not change what staff change: FORBIDDEN, nothing written', async () => {
    const token = await signWorkerToken(signer(ec), worker(), 600);
    const res = await server.gql(
      `mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`,
      { i: { name: '职工村', level: 'VILLAGE', parentId: union } },
      { token },
    );
    expect(errorCode(res)).toBe('FORBIDDEN');
    expect(res.errors![0].message).toMatch(/staff token/);
    expect(await server.sql(`select count(*)::int as n from unions`)).toEqual([{ n: 2 }]);
  });

  it('an unknown kid refetches the key set, at most once per cooldown', async () => {
    const stranger = await newWorkerKeyPair('ES256');
    await sleep(COOLDOWN_MS + 50);
    const before = jwksRequests;
    for (let i = 0; i < 5; i++) {
      const res = await server.gql(VIEWER, {}, { token: await signWorkerToken(signer(stranger), worker(), 600) });
      expect([res.status, errorCode(res)]).toEqual([401, 'UNAUTHENTICATED']);
    }
    expect(jwksRequests - before).toBe(1);
  });

  it('follows a key rotation: the new key works once served, the retired one stops', async () => {
    const next = await newWorkerKeyPair('ES256');
    served = { keys: [...rsa.jwks.keys, ...next.jwks.keys] };
    await sleep(COOLDOWN_MS + 50);
    const fresh = await server.gql(VIEWER, {}, { token: await signWorkerToken(signer(next), worker(), 600) });
    expect(fresh.errors).toBeUndefined();
    expect(fresh.data.viewer.role).toBe('WORKER');
    // The refetch replaced the set: the retired EC key is gone.
    const retired = await server.gql(VIEWER, {}, { token: await signWorkerToken(signer(ec), worker(), 600) });
    expect([retired.status, errorCode(retired)]).toEqual([401, 'UNAUTHENTICATED']);
  });
});

describe('development worker tokens', () => {
  it('without an identity provider, npm start prints a worker token it accepts', async () => {
    const keyFile = path.join(tmpdir(), `unionhub-dev-key-${randomBytes(4).toString('hex')}.json`);
    const dev = await startTestServer({
      data: 'empty',
      logLevel: 'info',
      config: {
        authJwksFile: null,
        authIssuer: null,
        authAudience: null,
        seed: 'none',
        workerDevKeyFile: keyFile,
      },
    });
    try {
      await createUnion(dev, '嘉兴市总工会', 'CITY');
      // The token is printed at start; on an empty database there is no union to name yet.
      expect(dev.logs.some((l) => /development WORKER token/.test(l.msg))).toBe(false);
      // Printed again now that one exists, as `npm start` does on the demo; signed with the key file's pair.
      const lines: string[] = [];
      await printDevelopmentWorkerToken(dev.app.db.orm.em, await developmentWorkerSigner(keyFile), (m) =>
        lines.push(m),
      );
      const token = /\n(\S+)$/.exec(lines[0]!)![1]!;
      const res = await dev.gql(VIEWER, {}, { token });
      expect(res.data.viewer).toMatchObject({ role: 'WORKER', workerId: 'dev-worker', name: '开发职工' });
    } finally {
      await dev.stop();
    }
  });
});
