import {
  ArrayMaxSize,
  getMetadataStorage,
  MaxLength,
  validate,
  ValidateBy,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import type { ValidatorFn } from 'type-graphql';
import { BadInputError } from '../errors.js';

/**
 * Characters that show as nothing: Unicode format characters (zero-width space, non-joiner
 * and joiner, word joiner, BOM, soft hyphen, direction marks…) and the blank fillers that
 * pass for letters. Pasted from chat apps and documents, they make names that look empty
 * or look like another one.
 */
const INVISIBLE = String.raw`\p{Cf}\u115F\u1160\u3164\uFFA0\u2800`;
const INVISIBLE_ANYWHERE = new RegExp(`[${INVISIBLE}]`, 'gu');
const BLANK_EDGES = new RegExp(`^[\\s${INVISIBLE}]+|[\\s${INVISIBLE}]+$`, 'gu');

/**
 * The one cleaner of names (unions, sites, activities, programmes, entries, rounds, judges,
 * workers, list items): invisible characters removed, runs of whitespace made one space,
 * trimmed, in Unicode NFC. Two names that look the same are then the same string.
 */
export function clean(value: string): string;
export function clean(value: string | null | undefined): string | null | undefined;
export function clean(value: string | null | undefined) {
  return typeof value === 'string'
    ? value.normalize('NFC').replace(INVISIBLE_ANYWHERE, '').replace(/\s+/g, ' ').trim()
    : value;
}

/**
 * Optional free text (addresses, descriptions, opening hours…) as stored: whitespace and
 * invisible characters trimmed from both ends (line breaks inside stay), null when nothing
 * is left. `undefined` (not sent) stays undefined.
 */
export function optionalText(value: string | null | undefined): string | null | undefined {
  if (value == null) return value;
  const text = value.normalize('NFC').replace(BLANK_EDGES, '');
  return text === '' ? null : text;
}

/** A list of labels (facilities, honours, members) as stored: each cleaned like a name, empty ones dropped. */
export function cleanList(values: readonly string[] | null | undefined): string[] {
  return (values ?? []).map((value) => clean(value)).filter((value) => value !== '');
}

/** A required name: not empty once cleaned (see `clean`), at most `max` characters. */
export function NameText(max: number): PropertyDecorator {
  return ValidateBy({
    name: 'nameText',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && clean(value) !== '' && clean(value).length <= max,
      defaultMessage: (args) =>
        typeof args?.value === 'string' && clean(args.value) !== ''
          ? `${args.property} must be at most ${max} characters`
          : `${args?.property} must not be empty`,
    },
  });
}

/** Optional free text of at most `max` characters. */
export function Text(max: number, options?: ValidationOptions): PropertyDecorator {
  return MaxLength(max, { message: `$property must be at most ${max} characters`, ...options });
}

/** A list of at most `max` short strings. */
export function ShortList(max: number, itemMax: number): PropertyDecorator {
  return (target, key) => {
    ArrayMaxSize(max, { message: `${String(key)} may hold at most ${max} items` })(target, key);
    MaxLength(itemMax, { each: true, message: `each of ${String(key)} must be at most ${itemMax} characters` })(
      target,
      key,
    );
  };
}

export const SEARCH_MAX = 100;

/** An http(s) URL of at most `max` characters, e.g. a cover image: no other scheme (javascript:, data:, file:). */
export function WebUrl(max: number): PropertyDecorator {
  const ok = (value: unknown) => {
    if (typeof value !== 'string' || value.length > max) return false;
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
    } catch {
      return false;
    }
  };
  return ValidateBy({
    name: 'webUrl',
    validator: {
      validate: ok,
      defaultMessage: (args) => `${args?.property} must be an http:// or https:// URL of at most ${max} characters`,
    },
  });
}

/**
 * The dates a record may carry: from 2000-01-01 (UTC) to ten years from now. Anything
 * outside is a slip of the keyboard (1999 for 2026, 2206 for 2026), not a plan.
 */
const EARLIEST = Date.UTC(2000, 0, 1);
const YEARS_AHEAD = 10;

function latest(): Date {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() + YEARS_AHEAD);
  return date;
}

function inDateWindow(time: number): boolean {
  return time >= EARLIEST && time <= latest().getTime();
}

const windowMessage = (property: string | undefined) =>
  `${property} must be between 2000-01-01 and ${latest().toISOString().slice(0, 10)}`;

/** A time within the date window (see above). */
export function PlausibleTime(): PropertyDecorator {
  return ValidateBy({
    name: 'plausibleTime',
    validator: {
      validate: (value: unknown) => value instanceof Date && inDateWindow(value.getTime()),
      defaultMessage: (args) => windowMessage(args?.property),
    },
  });
}

/** A calendar day as YYYY-MM-DD that exists (no 2026-02-30), within the date window. */
export function Day(): PropertyDecorator {
  const time = (value: unknown) => {
    if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return NaN;
    const date = new Date(`${value}T00:00:00Z`);
    return date.toISOString().slice(0, 10) === value ? date.getTime() : NaN;
  };
  return ValidateBy({
    name: 'day',
    validator: {
      validate: (value: unknown) => inDateWindow(time(value)),
      defaultMessage: (args) =>
        Number.isNaN(time(args?.value))
          ? `${args?.property} must be a date as YYYY-MM-DD`
          : windowMessage(args?.property),
    },
  });
}

const VALIDATOR_OPTIONS = { forbidUnknownValues: false, skipMissingProperties: true } as const;
/** An input class, as class-validator's metadata storage keys it. */
type InputClass = abstract new (...args: never[]) => object;
const declaresRules = new Map<InputClass, boolean>();

/** True when class-validator knows a rule of `type` (its own or inherited). */
export function hasRules(type: InputClass): boolean {
  let has = declaresRules.get(type);
  if (has === undefined) {
    has = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0;
    declaresRules.set(type, has);
  }
  return has;
}

/** One problem with a request: where (see `problemsOf`) and what, as `extensions.validationErrors` lists them. */
interface Problem {
  field: string;
  messages: string[];
}

/**
 * Every failed rule of class-validator's tree, at its full path: nested inputs and list
 * items are walked to the leaves, so an entry's name is `entries.2.name`.
 */
function problemsOf(errors: readonly ValidationError[], prefix?: string): Problem[] {
  return errors.flatMap((error) => {
    const field = prefix === undefined ? error.property : `${prefix}.${error.property}`;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...problemsOf(error.children ?? [], field)];
  });
}

/**
 * Where an argument's paths start: nothing for a mutation's `input` (its fields are named
 * as they are, `entries.2.name`), otherwise the argument's name (`filter.near.latitude`).
 * Input classes carry their GraphQL type's name.
 */
function argumentPrefix(type: unknown, info: GraphQLResolveInfo | undefined): string | undefined {
  const name = typeof type === 'function' ? type.name : undefined;
  const arg = info?.parentType.getFields()[info.fieldName]?.args.find((a) => getNamedType(a.type).name === name);
  return arg && arg.name !== 'input' ? arg.name : undefined;
}

/**
 * Validates resolver arguments with class-validator (null and absent optional fields are
 * left to the resolvers), as type-graphql's own `validate` would, but skips input classes
 * that declare no rule: a page's `first`/`after` has none, and a dashboard resolves
 * hundreds of pages per request. A refusal is BAD_USER_INPUT naming every problem.
 */
export const validateArgs: ValidatorFn = async (value, type, resolverData) => {
  const prefix = argumentPrefix(type, resolverData?.info);
  const items = (Array.isArray(value) ? value : [value])
    .map((item: unknown, index) => ({
      item,
      at: !Array.isArray(value) ? prefix : prefix === undefined ? String(index) : `${prefix}.${index}`,
    }))
    .filter(({ item }) => item !== null && typeof item === 'object' && hasRules(item.constructor as InputClass));
  if (!items.length) return;
  const problems = (
    await Promise.all(
      items.map(async ({ item, at }) => problemsOf(await validate(item as object, VALIDATOR_OPTIONS), at)),
    )
  ).flat();
  const [first] = problems;
  if (first) throw new BadInputError(first.messages[0] ?? 'Invalid input', first.field, { validationErrors: problems });
};
