import { Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { latestCommittedCursor } from './event-reader.js';

@Resolver()
export class EventLogResolver {
  @Query(() => String, {
    description:
      'The cursor of the newest committed event. A screen starting from nothing reads it first, subscribes with `after` set to it, ' +
      'then fetches the state it shows: nothing committed in between is missed, and an event already reflected in that state is harmless to apply again.',
  })
  async latestEventCursor(@Ctx() ctx: Context): Promise<string> {
    return (await latestCommittedCursor(ctx.em)).toString();
  }
}
