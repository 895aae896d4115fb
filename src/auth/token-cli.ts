import { parseArgs } from 'node:util';
import { parseGlobalId } from '../common/relay.js';
import { loadConfig } from '../config.js';
import { signStaffToken, type StaffRole } from './token.js';

/** Issues a staff token signed with JWT_SECRET: `npm run token -- --union <id> --name 张三 [--staff id] [--role ADMIN] [--hours 12]`. */
const { values } = parseArgs({
  options: {
    union: { type: 'string' },
    name: { type: 'string' },
    staff: { type: 'string' },
    role: { type: 'string', default: 'STAFF' },
    hours: { type: 'string', default: '12' },
  },
});
const config = loadConfig();
const fail = (message: string): never => {
  console.error(message);
  process.exit(2);
};
if (!config.jwtSecret) fail("Set JWT_SECRET (the same as the hub's) to issue tokens.");
if (!values.union || !values.name)
  fail(
    'Usage: npm run token -- --union <Union id or number> --name <name> [--staff <id>] [--role STAFF|ADMIN] [--hours 12]',
  );
const unionId = /^\d+$/.test(values.union!) ? Number(values.union) : parseGlobalId(values.union!)?.id;
if (!unionId) fail(`--union: "${values.union}" is not a union id`);
if (values.role !== 'STAFF' && values.role !== 'ADMIN') fail('--role must be STAFF or ADMIN');
const hours = Number(values.hours);
if (!Number.isFinite(hours) || hours <= 0 || hours > config.tokenMaxHours)
  fail(`--hours must be more than 0 and at most TOKEN_MAX_HOURS (${config.tokenMaxHours})`);

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
