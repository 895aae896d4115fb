import { Field, ObjectType } from 'type-graphql';
import type { LiveEvent } from './event-reader.js';

/** What every event type of every subscription carries: where it stands in the log and when it happened. */
@ObjectType()
export abstract class LoggedEvent {
  constructor(readonly event: LiveEvent) {}

  @Field(() => String, {
    description:
      'Position in the event log, increasing in commit order; pass it as `after` to resume right after this event.',
  })
  get cursor(): string {
    return this.event.cursor.toString();
  }

  @Field(() => Date, { description: 'When the change was made.' })
  get occurredAt(): Date {
    return this.event.occurredAt;
  }
}

/** The `after` argument of every subscription. */
export const AFTER_DESCRIPTION =
  'A cursor from an earlier event: first replays what was committed after it, then continues live.';
