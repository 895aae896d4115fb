// /dashboards/:unionId — the subtree's figures, charts over the last 12 months, a
// drill-down into the children's dashboards and the ten-minute circle's uncovered villages.
// Follows the subtree's activity feed and fetches the figures again (at most every 30 s)
// when something happens.
import { chinaDay, follow, gqlRetrying, h, id, setText, showMissing } from './common.js';

const MONTHS = 12;
const LEVEL = {
  PROVINCE: '省',
  CITY: '市',
  COUNTY: '县（市、区）',
  TOWN: '镇（街道）',
  VILLAGE: '村（社区）',
  GRASSROOTS: '基层工会',
};
const main = document.getElementById('screen');
const title = h('h1', {}, '…');
const crumbs = h('div', { class: 'sub crumbs' });
const counts = h('section', { class: 'panel counts wide' });
const charts = h('section', { class: 'panel chart' });
const children = h('section', { class: 'panel children' });
let refresh;

/** Month boundaries in China time, oldest first: [{ from, to, label }] × MONTHS. */
function months() {
  const { from } = chinaDay();
  const today = new Date(new Date(from).getTime() + 8 * 3600_000); // the China date, in UTC fields
  const out = [];
  for (let i = MONTHS - 1; i >= 0; i--) {
    const y = today.getUTCFullYear();
    const m = today.getUTCMonth() - i;
    const start = Date.UTC(y, m, 1) - 8 * 3600_000;
    const end = Date.UTC(y, m + 1, 1) - 8 * 3600_000;
    out.push({
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
      label: `${new Date(Date.UTC(y, m, 1)).getUTCMonth() + 1}月`,
    });
  }
  return out;
}

/**
 * The series the charts draw, [{ t, label, held, attendance }] one point per month, and the
 * subtree's coverage: one `ScreenDashboardSeries` request (`Union.series` and `coverage`).
 */
async function loadSeries(periods) {
  const data = await gqlRetrying('ScreenDashboardSeries', {
    id,
    from: periods[0].from,
    to: periods[periods.length - 1].to,
  });
  if (!data.union) return { points: [], coverage: null };
  const points = periods.map((p, i) => ({
    t: p.from,
    label: p.label,
    held: data.union.held[i]?.value ?? 0,
    attendance: data.union.attendance[i]?.value ?? 0,
  }));
  return { points, coverage: data.union.coverage };
}

/** The ten-minute circle: the share of villages and communities covered, and the largest uncovered. */
function coveragePanel(coverage) {
  if (!coverage || coverage.placeCount === 0) return h('div', { class: 'sub' }, '');
  const percent = Math.round(coverage.ratio * 1000) / 10;
  const rows = coverage.places.nodes.map((p) =>
    h(
      'tr',
      {},
      h('td', { class: 'name' }, p.union.name),
      h('td', {}, p.union.memberCount),
      h('td', {}, p.nearestSite ? `${p.nearestSite.name} ${Math.round(p.distanceMeters)} 米` : '—'),
    ),
  );
  return h(
    'div',
    {},
    h(
      'h2',
      {},
      `十分钟服务圈：${coverage.coveredCount}/${coverage.placeCount} 村社（${percent}%），未覆盖 ${coverage.places.totalCount}`,
    ),
    rows.length
      ? h(
          'table',
          {},
          h(
            'thead',
            {},
            h('tr', {}, h('th', { class: 'name' }, '未覆盖村社'), h('th', {}, '会员'), h('th', {}, '最近阵地')),
          ),
          h('tbody', {}, rows),
        )
      : h('div', { class: 'sub' }, '全部覆盖'),
  );
}

function count(label, value) {
  return h(
    'div',
    { class: 'count' },
    h('div', { class: 'value' }, value.toLocaleString('zh-CN')),
    h('div', { class: 'label' }, label),
  );
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Bars for one metric and a line for another, over a series-shaped array. */
function chart(series, bar, line, caption) {
  const W = 1000;
  const H = 300;
  const pad = { l: 50, r: 50, t: 20, b: 30 };
  const n = series.length;
  const bw = (W - pad.l - pad.r) / n;
  const maxBar = Math.max(1, ...series.map((p) => p[bar.key]));
  const maxLine = Math.max(1, ...series.map((p) => p[line.key]));
  const y = (v, max) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': caption });
  series.forEach((p, i) => {
    const x = pad.l + i * bw;
    svg.append(
      s('rect', {
        class: 'bar',
        x: x + bw * 0.15,
        y: y(p[bar.key], maxBar),
        width: bw * 0.7,
        height: H - pad.b - y(p[bar.key], maxBar),
      }),
    );
    svg.append(s('text', { x: x + bw / 2, y: H - 8, 'text-anchor': 'middle' }, p.label));
  });
  const points = series.map((p, i) => `${pad.l + i * bw + bw / 2},${y(p[line.key], maxLine)}`);
  svg.append(s('polyline', { class: 'line', points: points.join(' ') }));
  for (const pt of points) {
    const [cx, cy] = pt.split(',');
    svg.append(s('circle', { class: 'dot', cx, cy, r: 5 }));
  }
  svg.append(s('text', { x: pad.l - 8, y: pad.t + 10, 'text-anchor': 'end' }, maxBar));
  svg.append(s('text', { x: W - pad.r + 8, y: pad.t + 10 }, maxLine));
  return h(
    'figure',
    { style: 'margin:0' },
    h('figcaption', { class: 'sub' }, `${caption}（柱：${bar.label}；线：${line.label}）`),
    svg,
  );
}

async function load() {
  const periods = months();
  const year = { from: periods[0].from, to: periods[MONTHS - 1].to };
  const [data, { points: series, coverage }] = await Promise.all([
    gqlRetrying('ScreenDashboard', { id, ...year }),
    loadSeries(periods),
  ]);
  const union = data.union;
  if (!union) return showMissing('没有这个工会');
  setText(title, `${union.name} · 数据看板`);
  crumbs.replaceChildren(
    ...union.ancestors.flatMap((a) => [
      h('a', { href: `/dashboards/${encodeURIComponent(a.id)}${location.search}${location.hash}` }, a.name),
      ' › ',
    ]),
    LEVEL[union.level] ?? union.level,
  );
  const st = union.stats;
  counts.replaceChildren(
    count('下属工会', st.unionCount),
    count('阵地', st.siteCount),
    count('会员', st.memberCount),
    count('近一年活动', st.activityCount),
    count('报名人次', st.signUpCount),
    count('签到人次', st.attendanceCount),
    count('无阵地村社', st.villagesWithoutSite),
  );
  charts.replaceChildren(
    h('h2', {}, '近 12 个月'),
    chart(series, { key: 'held', label: '活动数' }, { key: 'attendance', label: '签到人次' }, '活动与签到'),
  );
  const rows = union.children.nodes.map((c) =>
    h(
      'tr',
      {},
      h(
        'td',
        { class: 'name' },
        h('a', { href: `/dashboards/${encodeURIComponent(c.id)}${location.search}${location.hash}` }, c.name),
      ),
      h('td', {}, c.stats.siteCount),
      h('td', {}, c.stats.activityCount),
      h('td', {}, c.stats.attendanceCount),
    ),
  );
  children.replaceChildren(
    h('h2', {}, `下级工会（${union.children.totalCount}）`),
    rows.length
      ? h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { class: 'name' }, '工会'),
              h('th', {}, '阵地'),
              h('th', {}, '活动'),
              h('th', {}, '签到'),
            ),
          ),
          // Room for the coverage list below when the subtree has villages.
          h('tbody', {}, rows.slice(0, coverage?.placeCount ? 10 : 20)),
        )
      : h('div', { class: 'sub' }, '没有下级工会'),
    coveragePanel(coverage),
  );
}

function apply() {
  refresh ??= setTimeout(() => {
    refresh = undefined;
    load().catch(() => {});
  }, 30_000);
}

main.replaceChildren(
  h('header', {}, title, crumbs),
  h(
    'div',
    { class: 'grid', style: 'grid-template-rows: auto 1fr' },
    h('div', { style: 'display:grid;gap:2vmin;grid-template-rows:auto 1fr;min-height:0' }, counts, charts),
    children,
  ),
);
void follow({
  subscriptions: () => [{ name: 'ScreenActivityFeed', field: 'activityFeed', variables: { unionId: id } }],
  load,
  apply,
});
