import { getArgumentValues, type GraphQLResolveInfo } from 'graphql';
import { ArgsType, Field, Int } from 'type-graphql';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { selects } from './selection.js';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: "Page size. @default 20; at most the server's MAX_PAGE_SIZE." })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Cursor of the last item of the previous page, from this same list (same field, parent and arguments).',
  })
  after?: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;

/** A page as a resolver asks for it; pages.ts reads the cursor against the list's order. */
export interface PageRequest {
  limit: number;
  /** Counting the whole list costs a scan; skip it unless `totalCount` is selected. */
  withCount: boolean;
  /** Cursors cost a little per row; write them only when edges or pageInfo are selected. */
  withCursors: boolean;
  /** The `after` cursor as the client sent it. */
  after: string | null;
  /**
   * Which list this is, short of its parent: the field and the arguments that shape it
   * (all but first and after). Empty when no cursor is read or written.
   */
  list: string;
}

/** The page a connection field asks for, validated against the server's largest page. */
export function pageRequest(args: PageArgs, ctx: Context, info: GraphQLResolveInfo): PageRequest {
  const maxPageSize = ctx.config.maxPageSize;
  const limit = args.first ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  if (!Number.isInteger(limit) || limit < 0 || limit > maxPageSize) {
    throw new BadInputError(`first must be between 0 and ${maxPageSize}`, 'first');
  }
  const after = args.after ?? null;
  const withCursors = selects(info, 'edges') || selects(info, 'pageInfo');
  return {
    limit,
    withCount: selects(info, 'totalCount'),
    withCursors,
    after,
    list: after !== null || withCursors ? listName(info) : '',
  };
}

/**
 * `Type.field(arguments)`: the arguments as GraphQL coerced them (defaults applied, input
 * fields in schema order, so the spelling of a request does not change the name).
 */
function listName(info: GraphQLResolveInfo): string {
  const field = info.parentType.getFields()[info.fieldName];
  const { first: _first, after: _after, ...shape } = getArgumentValues(field, info.fieldNodes[0], info.variableValues);
  return `${info.parentType.name}.${info.fieldName}(${JSON.stringify(shape)})`;
}
