import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, Info, Resolver } from 'type-graphql';
import { viewerScope } from '../auth/access.js';
import { Viewer } from '../auth/auth.resolver.js';
import type { Worker } from '../auth/token.js';
import { loadPages } from '../common/pages.js';
import { PageArgs, pageRequest, type PageRequest } from '../common/pagination.js';
import type { Page } from '../common/relay.js';
import { sql, where, type Sql } from '../common/sql.js';
import type { Context } from '../context.js';
import { SignUpStatus } from './activity-enums.js';
import { SignUpConnection } from './activity.types.js';
import { SignUp } from './sign-up.entity.js';

/** The activity's start, the order of a worker's bookings: what comes next first. */
const STARTS_AT = '(select a.starts_at from activities a where a.id = x.activity_id)';

/** A worker's own sign-ups (those they made with their token), by the start of their activities. */
function mySignUpPage(
  ctx: Context,
  worker: Worker,
  filter: { status: SignUpStatus | null; from: Date | null },
  page: PageRequest,
): Promise<Page<SignUp>> {
  const conditions: Sql[] = [sql('x.worker_id = ?', worker.workerId)];
  if (filter.status) conditions.push(sql('x.status = ?::sign_up_status', filter.status));
  if (filter.from) conditions.push(sql(`${STARTS_AT} >= ?::timestamptz`, filter.from.toISOString()));
  const key = `SignUp.mine:${viewerScope(worker)}:${JSON.stringify([filter, page])}`;
  return ctx.loaders
    .get<number, Page<SignUp>>(key, (keys) =>
      loadPages(ctx.em, SignUp, keys, {
        table: 'sign_ups',
        alias: 'x',
        where: where(conditions),
        order: { keys: [{ expr: STARTS_AT, type: 'timestamp' }] },
        page,
      }),
    )
    .load(0);
}

@Resolver(() => Viewer)
export class MySignUpsResolver {
  @FieldResolver(() => SignUpConnection, {
    nullable: true,
    description:
      "A worker's own bookings, what they signed themselves up for, by the activity's start (`activity` says what, " +
      'where and when); null for staff, who find sign-ups through their activities.',
  })
  async signUps(
    @Arg('status', () => SignUpStatus, { nullable: true, description: 'Only sign-ups in this status.' })
    status: SignUpStatus | null,
    @Arg('from', () => Date, { nullable: true, description: 'Only activities starting at or after this instant.' })
    from: Date | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (ctx.viewer?.role !== 'WORKER') return null;
    return SignUpConnection.of(
      await mySignUpPage(ctx, ctx.viewer, { status: status ?? null, from: from ?? null }, pageRequest(page, ctx, info)),
    );
  }
}
