import { Entity, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType } from 'type-graphql';
import type { Viewer } from '../auth/token.js';
import { toGlobalId } from '../common/relay.js';

@ObjectType({ description: 'The staff member (or worker) who made a change, as their token said.' })
class AuditStaff {
  @Field(() => String, { description: "A worker's is `worker:` and their identity provider's subject." })
  staffId!: string;
  @Field(() => String, { description: "Empty for a worker: a worker's name is personal data." }) name!: string;
  @Field(() => String, { description: 'STAFF, ADMIN or WORKER.' }) role!: string;
  @Field(() => ID, { description: "The staff member's (or worker's) union." }) unionId!: string;
}

/**
 * One committed mutation in the audit trail, written in its transaction (appendAuditEntry).
 * `readonly`: MikroORM never writes it, and the database refuses UPDATE, DELETE and
 * TRUNCATE on the table, so the one INSERT is the only write there is.
 */
@ObjectType({
  description:
    "One committed mutation: who made it, what it touched, when, and from which request. Workers' personal data is never kept.",
})
@Entity({ tableName: 'audit_entries', readonly: true })
export class AuditEntry {
  @Field(() => ID, { description: 'Unique and increasing; not a node id.' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => Date, { description: "The transaction's time: when the change was made." })
  @Property({ type: 'datetime', columnType: 'timestamptz' })
  at!: Date;

  @Property({ type: 'text' })
  staffId!: string;

  @Property({ type: 'text' })
  staffName!: string;

  @Property({ type: 'integer' })
  staffUnionId!: number;

  @Property({ type: 'text' })
  staffRole!: Viewer['role'];

  @Field(() => AuditStaff, { description: 'Who made the change.' })
  get staff(): AuditStaff {
    return {
      staffId: this.staffId,
      name: this.staffName,
      role: this.staffRole,
      unionId: toGlobalId('Union', this.staffUnionId),
    };
  }

  @Field(() => String, { description: 'The Mutation field, e.g. `updateSite`.' })
  @Property({ type: 'text' })
  mutation!: string;

  @Field(() => [ID], {
    description: 'Global ids of what the mutation touched (revokeToken: the token id). Never a phone number or name.',
  })
  @Property({ type: 'array', columnType: 'text[]' })
  subjectIds!: string[];

  @Field(() => String, { nullable: true, description: 'The reason the mutation was given, when it takes one.' })
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  /** Tree paths of the unions the change concerns, as they were at the time. */
  @Property({ type: 'array', columnType: 'ltree[]' })
  unionPaths!: string[];

  @Field(() => [ID], {
    description:
      "The unions the change concerns (an activity's organiser, a site's union, the union itself…); staff see the entries of their subtree.",
  })
  get unionIds(): string[] {
    return this.unionPaths.map((path) => toGlobalId('Union', Number(path.split('.').at(-1))));
  }

  @Field(() => String, { nullable: true, description: 'Over HTTP: the request id (`x-request-id`).' })
  @Property({ type: 'text', nullable: true })
  requestId?: string | null;

  @Field(() => String, { nullable: true, description: 'Over WebSocket: the connection id.' })
  @Property({ type: 'text', nullable: true })
  connectionId?: string | null;

  @Field(() => String, { nullable: true, description: "Over WebSocket: the client's id of the operation." })
  @Property({ type: 'text', nullable: true })
  operationId?: string | null;
}
