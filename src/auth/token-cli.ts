import { parseArgs } from 'node:util';
import { parseGlobalId } from '../common/relay.js';
import { loadConfig } from '../config.js';
import { signStaffToken, type StaffRole } from './token.js';
import { developmentWorkerSigner, signWorkerToken } from './worker-tokens.js';

/**
 * Issues a staff token signed with JWT_SECRET:
 * `npm run token -- --union <id> --name 张三 [--staff id] [--role ADMIN] [--hours 12]`;
 * or a development worker token (no AUTH_JWKS_URL, outside production), signed with the
 * development key pair `npm start` accepts:
 * `npm run token -- --worker <subject> --union <id> --name 张三 --phone 13800000000`.
 */
const { values } = parseArgs({
  options: {
    union: { type: 'string' },
    name: { type: 'string' },
    staff: { type: 'string' },
    role: { type: 'string', default: 'STAFF' },
    hours: { type: 'string', default: '12' },
    worker: { type: 'string' },
    phone: { type: 'string' },
  },
});
const config = loadConfig();
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (!values.union || !values.name)
  fail(
    'Usage: npm run token -- --union <Union id or number> --name <name> [--staff <id>] [--role STAFF|ADMIN] [--hours 12]\n' +
      '   or: npm run token -- --worker <subject> --union <Union id or number> --name <name> --phone <mobile> [--hours 12]',
  );
const unionId = /^\d+$/.test(values.union!) ? Number(values.union) : parseGlobalId(values.union!)?.id;
if (!unionId) fail(`--union: "${values.union}" is not a union id`);
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0 || hours > config.tokenMaxHours)
  fail(`--hours must be more than 0 and at most TOKEN_MAX_HOURS (${config.tokenMaxHours})`);

if (values.worker !== undefined) {
  if (config.authJwksUrl || config.authJwksFile)
    fail(`Worker tokens come from the identity provider ${config.authIssuer}; --worker issues development ones only.`);
  if (process.env.NODE_ENV === 'production') fail('--worker issues development tokens: not in production.');
  if (!/^1[3-9]\d{9}$/.test(values.phone ?? '')) fail('--phone must be an 11-digit mainland mobile number');
  const signer = await developmentWorkerSigner(config.workerDevKeyFile);
  const worker = { workerId: values.worker, name: values.name!, phone: values.phone!, unionId: unionId! };
  console.error(`development worker token for ${values.name} (WORKER ${values.worker}, union ${unionId})`);
  console.log(await signWorkerToken(signer, worker, Math.round(hours * 3600)));
  process.exit(0);
}

if (!config.jwtSecret) fail("Set JWT_SECRET (the same as the hub's) to issue tokens.");
if (values.role !== 'STAFF' && values.role !== 'ADMIN') fail('--role must be STAFF or ADMIN');

const { token, tokenId, expiresAt } = await signStaffToken(
  config.jwtSecret!,
  {
    staffId: values.staff ?? `staff:${values.name}`,
    name: values.name!,
    unionId: unionId!,
    role: values.role as StaffRole,
  },
  Math.round(hours * 3600),
);
console.error(
  `token ${tokenId} for ${values.name} (${values.role}, union ${unionId}), valid until ${expiresAt.toISOString()}`,
);
console.log(token);
