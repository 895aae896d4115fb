import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { stringify } from 'csv-stringify';
import type { Request, RequestHandler, Response } from 'express';
import pg from 'pg';
import QueryStream from 'pg-query-stream';
import { visibleSignUps } from '../activities/sign-up.visibility.js';
import { pathWithinSql } from '../auth/access.js';
import { signInOf } from '../auth/http-sign-in.js';
import type { Viewer } from '../auth/token.js';
import { parseGlobalId } from '../common/relay.js';
import { query, sql, type Sql } from '../common/sql.js';
import { ErrorCode, HubError } from '../errors.js';

/** What a ledger lists: one row per activity, per sign-up, per order or per subsidy claim. */
const KINDS = ['activities', 'attendance', 'orders', 'claims'] as const;
type LedgerKind = (typeof KINDS)[number];

/** A column: its header (Chinese, then English) and the row field it prints. */
type Column = [header: string, key: string];

/** Times are printed in the federation's zone, as spreadsheets show them to people. */
const LOCAL = (column: string) => `to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')`;
/** An amount of fen as yuan text, by integer arithmetic: 123456 → 1234.56. */
const YUAN = (column: string) =>
  `case when ${column} is null then null else (${column} / 100)::text || '.' || lpad((${column} % 100)::text, 2, '0') end`;

interface Ledger {
  columns: Column[];
  /** The statement for the viewer, over the subtree and period: `base` is `[path, from, from, to, to]` for `?::ltree` and PERIOD. */
  statement: (viewer: Viewer, base: readonly unknown[]) => Sql;
}

const PERIOD = (column: string) =>
  `(?::timestamptz is null or ${column} >= ?::timestamptz) and (?::timestamptz is null or ${column} < ?::timestamptz)`;

const LEDGERS: Record<LedgerKind, Ledger> = {
  activities: {
    columns: [
      ['活动编号 Activity ID', 'id'],
      ['活动名称 Title', 'title'],
      ['类别 Kind', 'kind'],
      ['状态 Status', 'status'],
      ['开始时间 Starts', 'starts'],
      ['结束时间 Ends', 'ends'],
      ['主办工会 Organiser', 'organiser'],
      ['阵地 Site', 'site'],
      ['名额 Capacity', 'capacity'],
      ['报名人数 Sign-ups', 'sign_ups'],
      ['参与人数 Attendance', 'attendance'],
    ],
    statement: (_viewer, base) =>
      sql(
        `select a.id, a.title, a.kind::text as kind, a.status::text as status, ${LOCAL('a.starts_at')} as starts,
           ${LOCAL('a.ends_at')} as ends, u.name as organiser, s.name as site, a.capacity,
           a.sign_up_count as sign_ups, a.attendance_count as attendance
         from activities a join unions u on u.id = a.organiser_id left join sites s on s.id = a.site_id
         where u.path <@ ?::ltree and ${PERIOD('a.starts_at')}
         order by a.starts_at, a.id`,
        ...base,
      ),
  },
  attendance: {
    columns: [
      ['活动编号 Activity ID', 'activity_id'],
      ['活动名称 Title', 'title'],
      ['开始时间 Starts', 'starts'],
      ['主办工会 Organiser', 'organiser'],
      ['职工姓名 Worker', 'worker_name'],
      ['手机 Phone', 'phone'],
      ['职工所在工会 Worker union', 'worker_union'],
      ['报名状态 Sign-up status', 'status'],
      ['是否参与 Attended', 'attended'],
    ],
    // The sign-ups the viewer may see, by the rule every read of sign-ups follows. Each
    // activity's are read by its index (a lateral join, run per activity in order): only
    // the activities are sorted before the first row, never every sign-up of the subtree.
    statement: (viewer, base) => {
      const visible = visibleSignUps(viewer, 'x');
      return {
        text: `select a.id as activity_id, a.title, ${LOCAL('a.starts_at')} as starts, u.name as organiser,
             x.worker_name, x.phone, x.worker_union, x.status, x.attended
           from activities a join unions u on u.id = a.organiser_id
           cross join lateral (
             select x.id, x.created_at, x.worker_name, x.phone, (select wu.name from unions wu where wu.id = x.union_id) as worker_union,
               x.status::text as status, case when x.attended then '是 yes' else '否 no' end as attended
             from sign_ups x where x.activity_id = a.id and ${visible.text}
             order by x.created_at, x.id) x
           where u.path <@ ?::ltree and ${PERIOD('a.starts_at')}
           order by a.starts_at, a.id, x.created_at, x.id`,
        params: [...visible.params, ...base],
      };
    },
  },
  orders: {
    columns: [
      ['订单编号 Order ID', 'id'],
      ['下单时间 Placed', 'placed'],
      ['菜单项目 Item', 'item'],
      ['类别 Kind', 'kind'],
      ['提供方 Provider', 'provider'],
      ['下单工会 Ordering union', 'orderer'],
      ['供单工会 Offering union', 'offerer'],
      ['阵地 Site', 'site'],
      ['预计人数 Expected attendees', 'expected'],
      ['状态 Status', 'status'],
      ['活动编号 Activity ID', 'activity_id'],
      ['参与人数 Attendance', 'attendance'],
      ['评分 Rating', 'rating'],
    ],
    statement: (_viewer, base) =>
      sql(
        `select o.id, ${LOCAL('o.created_at')} as placed, m.title as item, m.kind::text as kind, m.provider,
           u.name as orderer, f.name as offerer, s.name as site, o.expected_attendees as expected,
           o.status::text as status, o.activity_id, a.attendance_count as attendance, o.rating
         from orders o join unions u on u.id = o.ordering_union_id join unions f on f.id = o.offering_union_id
         join menu_items m on m.id = o.item_id join sites s on s.id = o.site_id
         left join activities a on a.id = o.activity_id
         where u.path <@ ?::ltree and ${PERIOD('o.created_at')}
         order by o.created_at, o.id`,
        ...base,
      ),
  },
  claims: {
    columns: [
      ['申报编号 Claim ID', 'id'],
      ['申报时间 Claimed', 'claimed_at'],
      ['活动名称 Activity', 'title'],
      ['活动开始 Activity starts', 'starts'],
      ['申报工会 Claiming union', 'claimant'],
      ['补助工会 Granting union', 'granter'],
      ['年度 Year', 'year'],
      ['状态 Status', 'status'],
      ['参与人数 Attendance', 'attendance'],
      ['申报金额(分) Claimed fen', 'claimed_fen'],
      ['申报金额(元) Claimed yuan', 'claimed_yuan'],
      ['核定金额(分) Approved fen', 'approved_fen'],
      ['核定金额(元) Approved yuan', 'approved_yuan'],
      ['说明 Reason', 'reason'],
      ['凭证 Evidence', 'evidence'],
      ['支付凭证 Payment reference', 'paid_reference'],
    ],
    statement: (_viewer, base) =>
      sql(
        `select c.id, ${LOCAL('c.created_at')} as claimed_at, a.title, ${LOCAL('a.starts_at')} as starts,
           u.name as claimant, g.name as granter, b.year, c.status::text as status, c.attendance,
           c.claimed_fen::text as claimed_fen, ${YUAN('c.claimed_fen')} as claimed_yuan,
           c.approved_fen::text as approved_fen, ${YUAN('c.approved_fen')} as approved_yuan,
           c.reason, c.evidence, c.paid_reference
         from subsidy_claims c join unions u on u.id = c.union_id join activities a on a.id = c.activity_id
         join subsidy_budgets b on b.id = c.budget_id join unions g on g.id = b.union_id
         where u.path <@ ?::ltree and ${PERIOD('a.starts_at')}
         order by c.created_at, c.id`,
        ...base,
      ),
  },
};

/** An HTTP refusal, shaped as GraphQL errors are: `{ errors: [{ message, extensions: { code } }] }`. */
class Refusal extends HubError {
  constructor(
    readonly status: number,
    message: string,
    code: ErrorCode,
    extensions: Record<string, unknown> = {},
  ) {
    super(message, code, extensions);
  }
}

function refuse(res: Response, error: Refusal): void {
  res
    .status(error.status)
    .json({ errors: [{ message: error.message, extensions: { ...error.extensions, code: error.extensions.code } }] });
}

const badInput = (message: string, field: string) => new Refusal(400, message, ErrorCode.BAD_USER_INPUT, { field });

function oneParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badInput(`${name} is given once, as text`, name);
  return value;
}

function instant(req: Request, name: string): string | null {
  const value = oneParam(req, name);
  if (value === undefined || value === '') return null;
  // A day is its midnight in Asia/Shanghai; a date-time needs its offset.
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+08:00` : value;
  const time = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(text) || Number.isNaN(time.getTime()))
    throw badInput(`${name} is a day (YYYY-MM-DD, Asia/Shanghai) or an RFC 3339 date-time`, name);
  return time.toISOString();
}

/** `?` placeholders as pg's `$n`. The ledgers' SQL holds no `?` other than placeholders. */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

interface LedgerRequest {
  viewer: Viewer;
  kind: LedgerKind;
  path: string;
  unionName: string;
  from: string | null;
  to: string | null;
}

/** Who asks and what, checked before a byte is sent: refusals are whole JSON answers. */
async function admit(req: Request, em: EntityManager): Promise<LedgerRequest> {
  const signIn = signInOf(req);
  if (!signIn.ok)
    throw new Refusal(401, signIn.error instanceof Error ? signIn.error.message : 'Sign in', ErrorCode.UNAUTHENTICATED);
  const viewer = signIn.viewer;
  if (!viewer)
    throw new Refusal(
      401,
      'Sign in: ledgers need a staff bearer token (Authorization: Bearer …)',
      ErrorCode.UNAUTHENTICATED,
    );
  if (viewer.role === 'WORKER')
    throw new Refusal(403, "Ledgers are for staff: a worker's token cannot download them", ErrorCode.FORBIDDEN);
  const kind = oneParam(req, 'kind') ?? 'activities';
  if (!(KINDS as readonly string[]).includes(kind)) throw badInput(`kind is one of ${KINDS.join(', ')}`, 'kind');
  const unionGlobalId = oneParam(req, 'unionId');
  if (!unionGlobalId) throw badInput('unionId names the union whose subtree the ledger covers', 'unionId');
  const parsed = parseGlobalId(unionGlobalId);
  if (parsed?.type !== 'Union') throw badInput(`"${unionGlobalId.slice(0, 64)}" is not a valid Union id`, 'unionId');
  const from = instant(req, 'from');
  const to = instant(req, 'to');
  if (from && to && from > to) throw badInput('from must not be after to', 'from');
  const within = pathWithinSql(viewer, 'u.path');
  const [union] = await query<{ path: string; name: string; within: boolean }>(
    em,
    sql(
      `select u.path::text as path, u.name, (${within.text}) as within from unions u where u.id = ?`,
      ...within.params,
      parsed.id,
    ),
  );
  if (!union)
    throw new Refusal(404, `Union ${unionGlobalId} was not found`, ErrorCode.NOT_FOUND, {
      type: 'Union',
      id: unionGlobalId,
    });
  if (!union.within)
    throw new Refusal(
      403,
      `${union.name} is outside your union's subtree: its ledger is not yours to download`,
      ErrorCode.FORBIDDEN,
    );
  return { viewer, kind: kind as LedgerKind, path: union.path, unionName: union.name, from, to };
}

export interface LedgerExports {
  handler: RequestHandler;
  close(): Promise<void>;
}

/**
 * `GET /exports/ledger.csv?unionId=…&kind=activities|attendance|orders|claims&from=…&to=…`:
 * a subtree's ledger (台账) as CSV, for staff of the subtree (ADMIN: any), with the
 * bearer token of GraphQL. Rows stream from a PostgreSQL cursor (pg-query-stream, 500
 * rows a batch) through csv-stringify into the chunked response, so the first rows leave
 * while the statement still runs, and a slow reader slows the cursor instead of filling
 * memory. UTF-8 with a BOM, headers in Chinese and English; cells a spreadsheet would
 * read as formulas are quoted with a leading apostrophe.
 */
export function ledgerExports(options: {
  url: string;
  em: EntityManager;
  log: (message: string) => void;
}): LedgerExports {
  // Connections of their own: a long download holds one, never one of the request pool's.
  const pool = new pg.Pool({ connectionString: options.url, max: 4, application_name: 'unionhub-ledger' });
  pool.on('error', (error) => options.log(`ledger export connection: ${error.message}`));
  const handler: RequestHandler = async (req, res) => {
    let ledger: LedgerRequest;
    try {
      ledger = await admit(req, options.em.fork());
    } catch (error) {
      if (error instanceof Refusal) return refuse(res, error);
      // Nothing of the database's text reaches the client: the log has it, under an id.
      const errorId = randomUUID();
      options.log(`ledger export ${errorId}: ${error instanceof Error ? error.message : String(error)}`);
      return refuse(
        res,
        new Refusal(500, `Internal server error (id ${errorId})`, ErrorCode.INTERNAL_SERVER_ERROR, { errorId }),
      );
    }
    const { columns, statement } = LEDGERS[ledger.kind];
    const body = statement(ledger.viewer, [ledger.path, ledger.from, ledger.from, ledger.to, ledger.to]);
    const text = `/* ledger export */ ${numbered(body.text)}`;
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      options.log(`ledger export: no connection: ${error instanceof Error ? error.message : String(error)}`);
      return refuse(
        res,
        new Refusal(503, 'The database is unavailable; try again shortly', ErrorCode.SERVICE_UNAVAILABLE),
      );
    }
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      client.release(error);
    };
    try {
      const rows = client.query(new QueryStream(text, body.params, { batchSize: 500, highWaterMark: 500 }));
      const csv = stringify({
        bom: true,
        header: true,
        columns: columns.map(([header, key]) => ({ header, key })),
        cast: { string: spreadsheetSafe, boolean: (value) => (value ? 'true' : 'false') },
      });
      res.status(200);
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('cache-control', 'no-store');
      res.setHeader(
        'content-disposition',
        `attachment; filename="ledger-${ledger.kind}.csv"; filename*=UTF-8''${encodeURIComponent(`${ledger.unionName}-${ledger.kind}.csv`)}`,
      );
      await pipeline(rows, csv, res);
      release();
    } catch (error) {
      // Headers are out: a failure mid-way can only cut the response short, which the
      // client sees as a download that did not finish. The connection is not reused.
      release(error instanceof Error ? error : new Error(String(error)));
      const errorId = randomUUID();
      options.log(`ledger export ${errorId} ended early: ${error instanceof Error ? error.message : String(error)}`);
      if (res.headersSent) return void res.destroy();
      res.removeHeader('content-disposition');
      res.removeHeader('content-type');
      refuse(
        res,
        new Refusal(500, `Internal server error (id ${errorId})`, ErrorCode.INTERNAL_SERVER_ERROR, { errorId }),
      );
    }
  };
  return { handler, close: () => pool.end() };
}

/** A cell starting with = + - @ (or a tab or return) would be a formula to a spreadsheet: it keeps a leading apostrophe. */
function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
