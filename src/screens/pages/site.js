// /screens/sites/:id — the site's activities today with places left, and the rotating
// check-in code as a QR code (asked with the kiosk's staff token from #token=…).
import qrcode from '/screens/vendor/qrcode.mjs';
import {
  chinaDay,
  clock,
  follow,
  GraphQLResponseError,
  gql,
  gqlRetrying,
  h,
  hasToken,
  id,
  setText,
  showMissing,
  sleep,
  STATUS_LABEL,
} from './common.js';

const main = document.getElementById('screen');
const title = h('h1', {}, '…');
const where = h('div', { class: 'sub' });
const tbody = h('tbody');
const qrBox = h(
  'section',
  { class: 'panel qr' },
  h('h2', {}, '扫码签到'),
  h('div', { id: 'qr' }),
  h('div', { class: 'sub', id: 'qr-note' }),
);
/** Today's activities by id: their rows are updated in place by the events. */
const rows = new Map();
let activityIds = [];

function row(a) {
  const full = a.capacity != null && a.placesLeft <= 0;
  return h(
    'tr',
    { dataset: { activity: a.id } },
    h('td', { class: 'name' }, a.title),
    h('td', {}, `${clock(a.startsAt)}–${clock(a.endsAt)}`),
    h('td', {}, STATUS_LABEL[a.status] ?? a.status),
    h(
      'td',
      { class: full ? 'places full' : 'places' },
      a.capacity == null ? '不限' : full ? '已满' : `余 ${a.placesLeft}`,
    ),
    h('td', {}, `${a.signUpCount}${a.waitlistCount ? ` (+${a.waitlistCount})` : ''}`),
    h('td', {}, a.attendanceCount),
  );
}

async function load() {
  const data = await gqlRetrying('ScreenSite', { id, ...chinaDay() });
  if (!data.site) return showMissing('没有这个阵地');
  setText(title, data.site.name);
  setText(where, [data.site.union.name, data.site.address, data.site.openingHours].filter(Boolean).join(' · '));
  activityIds = data.site.activities.nodes.map((a) => a.id);
  rows.clear();
  tbody.replaceChildren();
  for (const a of data.site.activities.nodes) {
    rows.set(a.id, { ...a });
    tbody.append(row(a));
  }
  if (!rows.size) tbody.append(h('tr', {}, h('td', { class: 'name sub', colspan: 6 }, '今天没有活动')));
}

function apply(event) {
  const a = rows.get(event.activityId);
  if (!a) return;
  Object.assign(a, {
    status: event.status,
    capacity: event.capacity,
    placesLeft: event.placesLeft,
    signUpCount: event.signUpCount,
    waitlistCount: event.waitlistCount,
    attendanceCount: event.attendanceCount,
  });
  tbody.querySelector(`tr[data-activity="${CSS.escape(a.id)}"]`)?.replaceWith(row(a));
}

/** The code, asked again before it rotates; a screen without a usable token says what it needs. */
async function checkInLoop() {
  const note = qrBox.querySelector('#qr-note');
  const box = qrBox.querySelector('#qr');
  if (!hasToken) {
    box.replaceChildren(h('div', { class: 'sub' }, '签到码需要本阵地工会的工作人员令牌：在地址后加 #token=…'));
    return;
  }
  for (;;) {
    let wait;
    try {
      const { checkInCode } = await gql('ScreenCheckInCode', { siteId: id });
      const qr = qrcode(0, 'M');
      qr.addData(checkInCode.code);
      qr.make();
      box.innerHTML = qr.createSvgTag({ cellSize: 8, margin: 2, scalable: true });
      box.dataset.code = checkInCode.code;
      setText(note, `每 ${checkInCode.rotatesEverySeconds} 秒更新 · 有效至 ${clock(checkInCode.validUntil)}`);
      // Before it rotates, and well before it stops being accepted.
      const untilInvalid = new Date(checkInCode.validUntil).getTime() - Date.now() - 5000;
      wait = Math.max(1000, Math.min(checkInCode.rotatesEverySeconds * 1000, untilInvalid));
    } catch (error) {
      if (error instanceof GraphQLResponseError && ['FORBIDDEN', 'UNAUTHENTICATED'].includes(error.code)) {
        box.replaceChildren(h('div', { class: 'sub' }, '令牌无效或无权限：请换一个本阵地工会的工作人员令牌'));
        wait = 60_000;
      } else wait = 3000;
    }
    await sleep(wait);
  }
}

main.replaceChildren(
  h('header', {}, title, where),
  h(
    'div',
    { class: 'grid site-grid' },
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, '今日活动'),
      h(
        'table',
        {},
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['活动', '时间', '状态', '名额', '报名', '签到'].map((t, i) =>
              h('th', { class: i === 0 ? 'name' : undefined }, t),
            ),
          ),
        ),
        tbody,
      ),
    ),
    qrBox,
  ),
);
void checkInLoop();
// The subscriptions are per activity, so the list is read once before the recipe's start,
// and the start is made again every 10 minutes for activities added since (and at midnight).
await load();
void follow({
  subscriptions: () =>
    activityIds.map((activityId) => ({
      name: 'ScreenActivityChanged',
      field: 'activityChanged',
      variables: { id: activityId },
    })),
  load,
  apply,
  restartAfterMs: 10 * 60_000,
});
