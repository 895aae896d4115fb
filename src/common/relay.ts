import { Field, ID, InterfaceType, Int, ObjectType, type ClassType } from 'type-graphql';
import { BadInputError } from '../errors.js';

/** Types that have global ids; `node(id)` resolves these. */
export const NODE_TYPES = [
  'Union',
  'Site',
  'Activity',
  'Programme',
  'SignUp',
  'Competition',
  'CompetitionEntry',
  'Match',
  'MenuItem',
  'Order',
  'Club',
  'ClubMember',
  'ClubHonour',
  'ServiceCircle',
  'SubsidyBudget',
  'SubsidyClaim',
] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

/** Relay global id: base64 of "Type:databaseId". */
export function toGlobalId(type: NodeTypeName, id: number): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
}

export function parseGlobalId(globalId: string): { type: NodeTypeName; id: number } | undefined {
  if (typeof globalId !== 'string' || globalId.length > 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(globalId))
    return undefined;
  const match = /^([A-Za-z]+):([1-9][0-9]{0,9})$/.exec(Buffer.from(globalId, 'base64').toString('utf8'));
  if (!match || !(NODE_TYPES as readonly string[]).includes(match[1])) return undefined;
  const id = Number(match[2]);
  return id <= 2_147_483_647 ? { type: match[1] as NodeTypeName, id } : undefined;
}

/** The database id of a global id of the expected type, or a BAD_USER_INPUT error. */
export function decodeId(globalId: string, expected: NodeTypeName, field = 'id'): number {
  const parsed = parseGlobalId(globalId);
  if (!parsed || parsed.type !== expected) {
    throw new BadInputError(`"${String(globalId).slice(0, 64)}" is not a valid ${expected} id`, field);
  }
  return parsed.id;
}

@InterfaceType({ description: 'An object with a global id, fetchable with `node(id)`.' })
export abstract class Node {
  @Field(() => ID, { description: 'Global id, opaque to clients.' })
  id!: string;
}

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean, { description: 'True when the page was asked for with `after`.' })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page; null when it is empty.' })
  startCursor!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last item of this page, for `after`; null when it is empty.',
  })
  endCursor!: string | null;
}

/** One page of a list, as the loaders build it (pages.ts). */
export interface Page<T> {
  nodes: T[];
  /** Each node's cursor; empty when the question selects neither edges nor pageInfo. */
  cursors: string[];
  totalCount: number;
  hasNextPage: boolean;
  /** Whether the page starts after a cursor (Relay lets `after` alone say so). */
  hasPreviousPage: boolean;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/**
 * A Relay connection type for `nodeType`, named `<Name>Connection` with `<Name>Edge`;
 * resolvers return a `Page`, and the fields derive edges and page info from it.
 */
export function connectionOf<T extends object>(nodeType: ClassType<T>, name = nodeType.name) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => String, {
      description: "Opaque position of this item in this list (keyset: the list's sort key and the id), for `after`.",
    })
    cursor!: string;
    @Field(() => nodeType) node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    page!: Page<T>;

    @Field(() => Int, { description: 'Number of items in the whole list, across all pages.' })
    get totalCount(): number {
      return this.page.totalCount;
    }

    @Field(() => [nodeType], { description: 'The nodes of this page, without cursors.' })
    get nodes(): T[] {
      return this.page.nodes;
    }

    @Field(() => [EdgeType])
    get edges(): Edge<T>[] {
      return this.page.nodes.map((node, i) => ({ node, cursor: this.page.cursors[i] }));
    }

    @Field(() => PageInfo)
    get pageInfo(): PageInfo {
      const { cursors, hasNextPage, hasPreviousPage } = this.page;
      return {
        hasNextPage,
        hasPreviousPage,
        startCursor: cursors[0] ?? null,
        endCursor: cursors.at(-1) ?? null,
      };
    }

    static of(page: Page<T>): ConnectionType {
      const connection = new ConnectionType();
      connection.page = page;
      return connection;
    }
  }
  return ConnectionType;
}
