import {
  ArrayMaxSize,
  getMetadataStorage,
  Matches,
  MaxLength,
  validateOrReject,
  type ValidationError,
  type ValidationOptions,
} from 'class-validator';
import { ArgumentValidationError, type ValidatorFn } from 'type-graphql';

/** A required name: not blank, at most `max` characters. */
export function NameText(max: number): PropertyDecorator {
  return (target, key) => {
    Matches(/\S/, { message: `${String(key)} must not be empty` })(target, key);
    MaxLength(max, { message: `${String(key)} must be at most ${max} characters` })(target, key);
  };
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

/** Trims a name; validation has already refused blank ones. */
export function clean(value: string): string;
export function clean(value: string | null | undefined): string | null | undefined;
export function clean(value: string | null | undefined) {
  return typeof value === 'string' ? value.trim() : value;
}

const VALIDATOR_OPTIONS = { forbidUnknownValues: false, skipMissingProperties: true } as const;
/** An input class, as class-validator's metadata storage keys it. */
type InputClass = abstract new (...args: never[]) => object;
const declaresRules = new Map<InputClass, boolean>();

function hasRules(type: InputClass): boolean {
  let has = declaresRules.get(type);
  if (has === undefined) {
    has = getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).length > 0;
    declaresRules.set(type, has);
  }
  return has;
}

/**
 * Validates resolver arguments with class-validator (null and absent optional fields are
 * left to the resolvers), as type-graphql's own `validate` would, but skips input classes
 * that declare no rule: a page's `first`/`after` has none, and a dashboard resolves
 * hundreds of pages per request.
 */
export const validateArgs: ValidatorFn = async (value) => {
  const items = (Array.isArray(value) ? value : [value]).filter(
    (item) => item !== null && typeof item === 'object' && hasRules(item.constructor as InputClass),
  );
  if (!items.length) return;
  try {
    await Promise.all(items.map((item) => validateOrReject(item, VALIDATOR_OPTIONS)));
  } catch (error) {
    throw new ArgumentValidationError(error as ValidationError[]);
  }
};
