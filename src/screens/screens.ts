import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import express, { type Express, type Response } from 'express';
import { parseGlobalId, toGlobalId, type NodeTypeName } from '../common/relay.js';
import { query, sql } from '../common/sql.js';
import type { ScreenKind } from './kinds.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
/** The pages are plain ES modules served as they are: the same folder from src/ (tests) and dist/ (npm start). */
const PAGES = path.join(root, 'src/screens/pages');
/** The GraphQL documents the pages send, the same files test/documents/screens/ links to. */
const DOCUMENTS = path.join(root, 'src/screens/documents');
const require = createRequire(import.meta.url);

/** A package's folder in node_modules (their `exports` hide the browser builds from require.resolve). */
function packageDir(name: string): string {
  const entry = require.resolve(name);
  const marker = `${path.sep}node_modules${path.sep}${name}${path.sep}`;
  return entry.slice(0, entry.lastIndexOf(marker) + marker.length);
}

/** Third-party browser code served from the lockfile's node_modules, with its licence. */
const VENDOR: Record<string, { file: string; type: string }> = {
  'graphql-ws.js': { file: path.join(packageDir('graphql-ws'), 'umd/graphql-ws.min.js'), type: 'text/javascript' },
  'graphql-ws.LICENSE.md': { file: path.join(packageDir('graphql-ws'), 'LICENSE.md'), type: 'text/plain' },
  // MIT, Kazuhiko Arase; the licence is in the file's header.
  'qrcode.mjs': { file: path.join(packageDir('qrcode-generator'), 'dist/qrcode.mjs'), type: 'text/javascript' },
};

interface PageRoute {
  path: string;
  kind: ScreenKind;
  type: NodeTypeName;
  /** `table where key = id`: the row the id must name. */
  row: string;
  title: string;
  missing: string;
}

const ROUTES: PageRoute[] = [
  {
    path: '/screens/competitions/:id',
    kind: 'competition',
    type: 'Competition',
    row: 'competitions where activity_id',
    title: '比赛',
    missing: '没有这个比赛',
  },
  {
    path: '/screens/feed/:id',
    kind: 'feed',
    type: 'Union',
    row: 'unions where id',
    title: '活动动态',
    missing: '没有这个工会',
  },
  {
    path: '/screens/sites/:id',
    kind: 'site',
    type: 'Site',
    row: 'sites where id',
    title: '阵地',
    missing: '没有这个阵地',
  },
  {
    path: '/dashboards/:id',
    kind: 'dashboard',
    type: 'Union',
    row: 'unions where id',
    title: '数据看板',
    missing: '没有这个工会',
  },
];

/**
 * The build a screen reports: package.json's version and the git commit, read once at start
 * (`GIT_COMMIT` wins; none when the hub does not run from a git checkout).
 */
export function buildVersion(): string {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  let commit = process.env.GIT_COMMIT?.slice(0, 12);
  if (!commit) {
    try {
      commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 2000,
      })
        .toString()
        .trim();
    } catch {
      commit = undefined;
    }
  }
  return commit && /^[0-9a-f]{4,40}$/.test(commit) ? `${version}+${commit}` : version;
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function shell(options: {
  kind: ScreenKind | 'missing';
  title: string;
  id: string;
  version: string;
  body?: string;
}): string {
  const script =
    options.kind === 'missing'
      ? ''
      : `<script src="/screens/vendor/graphql-ws.js"></script>
<script type="module" src="/screens/assets/${options.kind}.js"></script>`;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="dark light">
<title>${escape(options.title)} · unionhub</title>
<link rel="stylesheet" href="/screens/assets/screens.css">
</head>
<body data-kind="${options.kind}" data-id="${escape(options.id)}" data-version="${escape(options.version)}">
<main id="screen">${options.body ?? ''}</main>
<div id="status" role="status" hidden></div>
<div id="version">${escape(options.version)}</div>
<script>document.body.dataset.theme = new URLSearchParams(location.search).get('theme') || '';</script>
${script}
</body>
</html>
`;
}

function send(res: Response, status: number, html: string) {
  res.status(status).setHeader('cache-control', 'no-store');
  res.type('html').send(html);
}

/**
 * The screens and dashboards: one HTML shell per page kind, its ES modules and stylesheet,
 * and the vendored browser builds. The pages ask only the public GraphQL API, as any client
 * would; the route itself only checks that the id names a row, so a mistyped URL on a kiosk
 * says so instead of a blank page.
 */
export function serveScreens(app: Express, options: { em: EntityManager; version: string }): void {
  const { version } = options;
  app.use('/screens/assets', express.static(PAGES, { index: false, fallthrough: false, maxAge: 0, etag: true }));
  app.use(
    '/screens/documents',
    express.static(DOCUMENTS, {
      index: false,
      fallthrough: false,
      setHeaders: (res) => res.setHeader('content-type', 'application/graphql; charset=utf-8'),
    }),
  );
  app.get('/screens/vendor/:file', (req, res) => {
    const vendor = VENDOR[req.params.file];
    if (!vendor)
      return void send(
        res,
        404,
        shell({
          kind: 'missing',
          title: '没有这个文件',
          id: '',
          version,
          body: '<h1 class="missing">没有这个文件</h1>',
        }),
      );
    res.type(vendor.type).sendFile(vendor.file);
  });
  for (const route of ROUTES) {
    app.get(route.path, async (req, res, next) => {
      try {
        const id = String(req.params.id);
        const parsed = parseGlobalId(id);
        const exists =
          parsed?.type === route.type &&
          (await query(options.em.fork(), sql(`select 1 from ${route.row} = ?`, parsed.id))).length > 0;
        if (!exists) {
          const body = `<h1 class="missing">${escape(route.missing)}</h1><p class="missing">${escape(id.slice(0, 64))}</p>`;
          return void send(res, 404, shell({ kind: 'missing', title: route.missing, id, version, body }));
        }
        send(res, 200, shell({ kind: route.kind, title: route.title, id, version }));
      } catch (error) {
        next(error);
      }
    });
  }
}

/** The demo's screens, for `npm start` to print: the live league, the singer contest, the city, a busy site. */
export async function demoScreenUrls(em: EntityManager, base: string): Promise<string[]> {
  const rows = await query<{ kind: string; id: number; union_id: number | null }>(
    em.fork(),
    sql(`(select 'Competition' as kind, c.activity_id as id, null::int as union_id
            from competitions c join activities a on a.id = c.activity_id
           where a.status = 'RUNNING' order by c.format, c.activity_id limit 2)
         union all (select 'Union', id, null from unions where parent_id is null order by id limit 1)
         union all (select 'Site', s.id, s.union_id from sites s join activities a on a.site_id = s.id
           where (a.starts_at at time zone 'Asia/Shanghai')::date = (now() at time zone 'Asia/Shanghai')::date
           group by s.id order by count(*) desc, s.id limit 1)`),
  );
  return rows.map(({ kind, id, union_id }) => {
    const gid = encodeURIComponent(toGlobalId(kind as NodeTypeName, Number(id)));
    if (kind === 'Competition') return `${base}/screens/competitions/${gid}`;
    if (kind === 'Site')
      return `${base}/screens/sites/${gid}#token=<JWT_SECRET=… npm run token -- --union ${union_id} --name 屏幕 --hours 720>`;
    return `${base}/screens/feed/${gid}\n${base}/dashboards/${gid}`;
  });
}
