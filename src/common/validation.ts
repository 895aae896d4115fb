import { ArrayMaxSize, Matches, MaxLength, type ValidationOptions } from 'class-validator';

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
    MaxLength(itemMax, { each: true, message: `each of ${String(key)} must be at most ${itemMax} characters` })(target, key);
  };
}

export const SEARCH_MAX = 100;

/** Trims a name; validation has already refused blank ones. */
export function clean(value: string): string;
export function clean(value: string | null | undefined): string | null | undefined;
export function clean(value: string | null | undefined) {
  return typeof value === 'string' ? value.trim() : value;
}
