import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.js';
import { BadInputError } from '../errors.js';

/** The screen's code changes this often. */
export const CHECK_IN_ROTATION_SECONDS = 30;
/** A code is accepted in its own period and the next one: a screen that just rotated, a slow scan. */
const ACCEPTED_PERIODS = 2;

/** Without JWT_SECRET (development), a key for this process only, as for staff tokens. */
const processKey = randomBytes(32).toString('base64');

/**
 * The key codes are signed with: derived from JWT_SECRET, so every instance makes and
 * accepts the same codes, yet a code is no token and a token no code.
 */
function key(config: Pick<Config, 'jwtSecret'>): Buffer {
  return createHmac('sha256', config.jwtSecret ?? processKey)
    .update('unionhub check-in codes')
    .digest();
}

function signature(config: Pick<Config, 'jwtSecret'>, siteId: number, period: number): string {
  return createHmac('sha256', key(config)).update(`${siteId}.${period}`).digest('base64url').slice(0, 16);
}

const periodOf = (time: number) => Math.floor(time / (CHECK_IN_ROTATION_SECONDS * 1000));

/** The code a site's screen shows now (`<site>.<period>.<signature>`), and when it stops being accepted. */
export function checkInCodeFor(
  config: Pick<Config, 'jwtSecret'>,
  siteId: number,
  now = Date.now(),
): { code: string; validUntil: Date } {
  const period = periodOf(now);
  return {
    code: `${siteId}.${period}.${signature(config, siteId, period)}`,
    validUntil: new Date((period + ACCEPTED_PERIODS) * CHECK_IN_ROTATION_SECONDS * 1000),
  };
}

/**
 * The site a code was shown at; BAD_USER_INPUT (field `code`) for a code that is
 * malformed, forged or expired: the worker fixes it by scanning the screen again.
 */
export function verifyCheckInCode(config: Pick<Config, 'jwtSecret'>, code: string, now = Date.now()): number {
  const match = /^(\d{1,10})\.(\d{1,12})\.([\w-]{16})$/.exec(code.trim());
  if (!match) throw new BadInputError("code is not a check-in code: scan the site's screen", 'code');
  const [siteId, period] = [Number(match[1]), Number(match[2])];
  const expected = Buffer.from(signature(config, siteId, period));
  const given = Buffer.from(match[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    throw new BadInputError("code is not a check-in code: scan the site's screen", 'code');
  const current = periodOf(now);
  if (period > current) throw new BadInputError('code is not valid yet: check the time of your phone', 'code');
  if (current - period >= ACCEPTED_PERIODS)
    throw new BadInputError("code has expired: scan the code on the site's screen now", 'code');
  return siteId;
}
