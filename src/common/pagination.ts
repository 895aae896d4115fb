import { ArgsType, Field, Int } from 'type-graphql';
import { BadInputError } from '../errors.js';
import { decodeCursor } from './relay.js';

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size. @default 20; at most the server\'s MAX_PAGE_SIZE.' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of the previous page.' })
  after?: string | null;
}

/** Where a page starts and how many rows it takes. */
export interface PageWindow {
  offset: number;
  limit: number;
}

export const DEFAULT_PAGE_SIZE = 20;

export function pageWindow(args: PageArgs, maxPageSize: number): PageWindow {
  const limit = args.first ?? Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
  if (!Number.isInteger(limit) || limit < 0 || limit > maxPageSize) {
    throw new BadInputError(`first must be between 0 and ${maxPageSize}`, 'first');
  }
  return { offset: args.after ? decodeCursor(args.after) : 0, limit };
}
