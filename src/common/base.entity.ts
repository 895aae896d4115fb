import { OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, Int } from 'type-graphql';

/** Columns every table has. */
export abstract class BaseEntity<Optional = never> {
  [OptionalProps]?: 'createdAt' | 'updatedAt' | 'nodeId' | 'databaseId' | Optional;

  @PrimaryKey({ type: 'integer', autoincrement: true })
  id!: number;

  @Field(() => Int, { description: 'The row id; prefer `id` in clients.' })
  get databaseId(): number {
    return this.id;
  }

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => Date)
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
