import { defaultFieldResolver, type GraphQLSchema } from 'graphql';
import { clean } from '../common/validation.js';
import type { Context } from '../context.js';

/** The Mutation field being run, as its audit entry names it. */
export interface MutationCall {
  /** The field's name, e.g. `updateSite`. */
  field: string;
  /** The `reason` argument, or the `reason` field of the `input` argument, when the mutation takes one. */
  reason: string | null;
  /** Set by inTransaction: one mutation field is one transaction, so one audit entry. */
  started: boolean;
}

function reasonOf(args: Record<string, unknown>): string | null {
  const input = args.input as Record<string, unknown> | null | undefined;
  const reason = args.reason ?? input?.reason;
  return typeof reason === 'string' ? clean(reason) : null;
}

/**
 * Gives every Mutation field's resolver a context of its own that names the call, so
 * inTransaction knows which mutation it records without any resolver saying so; a
 * mutation added later is covered the same way. Mutation fields run one after another,
 * each with its own copy; the payload's fields below get the request's context.
 */
export function nameMutationCalls(schema: GraphQLSchema): GraphQLSchema {
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = (source, args: Record<string, unknown>, ctx: Context, info) =>
      resolve(
        source,
        args,
        { ...ctx, mutation: { field: info.fieldName, reason: reasonOf(args), started: false } },
        info,
      );
  }
  return schema;
}
