import type { TestServer } from './server.js';

/** Creates a union and returns its global id. */
export async function createUnion(server: TestServer, name: string, level: string, parentId?: string): Promise<string> {
  const res = await server.gql(`mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`, {
    i: { name, level, parentId },
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createUnion.union.id;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/**
 * The instant `ms` from now (before now when negative), as ISO text. Activities must
 * agree with the clock (OPEN before their start, RUNNING between start and end), so
 * tests place them relative to it.
 */
export const fromNow = (ms: number): string => new Date(Date.now() + ms).toISOString();

/**
 * Creates an activity and returns its global id. By default it is OPEN, starts in 20
 * minutes (sign-ups are open, and staff may already start it: up to 30 minutes early)
 * and ends in a day.
 */
export async function createActivity(server: TestServer, input: Record<string, unknown>): Promise<string> {
  const res = await server.gql(`mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`, {
    i: {
      kind: 'COURSE',
      title: '活动',
      startsAt: fromNow(20 * MINUTE),
      endsAt: fromNow(DAY),
      status: 'OPEN',
      ...input,
    },
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createActivity.activity.id;
}

/** Sets the status; RUNNING and FINISHED say the activity started a minute ago, as the clock wants. */
export async function updateStatus(server: TestServer, id: string, status: string): Promise<void> {
  const started = status === 'RUNNING' || status === 'FINISHED' ? { startsAt: fromNow(-MINUTE) } : {};
  const res = await server.gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
    i: { id, status, ...started },
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}

/** Signs a worker up; returns the response so refusals can be checked. */
export function signUp(server: TestServer, activityId: string, phone: string) {
  return server.gql(`mutation($i: SignUpInput!) { signUp(input: $i) { activity { signUpCount } } }`, {
    i: { activityId, workerName: '队员', phone },
  });
}

/** The cursors of an activity's events in the log, in commit order. */
export async function loggedCursors(
  server: TestServer,
  activityGlobalId: string,
  topic = 'activity',
): Promise<string[]> {
  const id = Number(Buffer.from(activityGlobalId, 'base64').toString('utf8').split(':')[1]);
  const rows = await server.sql(
    `select cursor::text from events where topic = $1 and subject_id = $2 order by events.cursor`,
    [topic, id],
  );
  return rows.map((r) => r.cursor);
}
