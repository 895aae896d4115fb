import type { TestServer } from './server.js';

/** Creates a union and returns its global id. */
export async function createUnion(server: TestServer, name: string, level: string, parentId?: string): Promise<string> {
  const res = await server.gql(`mutation($i: CreateUnionInput!) { createUnion(input: $i) { union { id } } }`, {
    i: { name, level, parentId },
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createUnion.union.id;
}

/** Creates an activity and returns its global id. */
export async function createActivity(server: TestServer, input: Record<string, unknown>): Promise<string> {
  const res = await server.gql(`mutation($i: CreateActivityInput!) { createActivity(input: $i) { activity { id } } }`, {
    i: { kind: 'COURSE', title: '活动', startsAt: '2026-12-01T09:00:00+08:00', status: 'OPEN', ...input },
  });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data.createActivity.activity.id;
}

export async function updateStatus(server: TestServer, id: string, status: string): Promise<void> {
  const res = await server.gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { activity { id } } }`, {
    i: { id, status },
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
