import type { GraphQLResolveInfo } from 'graphql';
import { ArgsType, Field, Int } from 'type-graphql';
import type { Context } from '../context.js';
import { BadInputError } from '../errors.js';
import { decodeCursor } from './relay.js';
import { selects } from './selection.js';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: "Page size. @default 20; at most the server's MAX_PAGE_SIZE." })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the previous page.' })
  after?: string | null;
}

/** Where a page starts and how many rows it takes. */
interface PageWindow {
  offset: number;
  limit: number;
}

export const DEFAULT_PAGE_SIZE = 20;

/** A page as a resolver asks for it: where, how many, and whether the total is wanted. */
export interface PageRequest extends PageWindow {
  /** Counting the whole list costs a scan; skip it unless `totalCount` is selected. */
  withCount: boolean;
}

/** The page a connection field asks for, validated against the server's largest page. */
export function pageRequest(args: PageArgs, ctx: Context, info: GraphQLResolveInfo): PageRequest {
  return { ...pageWindow(args, ctx.config.maxPageSize), withCount: selects(info, 'totalCount') };
}

function pageWindow(args: PageArgs, maxPageSize: number): PageWindow {
  const limit = args.first ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  if (!Number.isInteger(limit) || limit < 0 || limit > maxPageSize) {
    throw new BadInputError(`first must be between 0 and ${maxPageSize}`, 'first');
  }
  return { offset: args.after ? decodeCursor(args.after) : 0, limit };
}
