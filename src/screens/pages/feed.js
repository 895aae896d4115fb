// /screens/feed/:unionId — what is starting, finishing and filling up across a subtree,
// newest first, with the day's counts. The list keeps the newest MAX items only.
import {
  chinaDay,
  clock,
  follow,
  gqlRetrying,
  h,
  id,
  prependBounded,
  setText,
  showMissing,
  STATUS_LABEL,
} from './common.js';

const MAX = 30;
const WHAT = {
  CREATED: '新活动',
  OPENED: '开放报名',
  STARTED: '开始',
  FINISHED: '结束',
  CANCELLED: '取消',
  DELETED: '删除',
  FULL: '报满',
};
const main = document.getElementById('screen');
const title = h('h1', {}, '…');
const counts = h('section', { class: 'panel counts' });
const list = h('ul', { class: 'feed' });
let day = chinaDay();
let refresh;

function count(label, value) {
  return h('div', { class: 'count' }, h('div', { class: 'value' }, value), h('div', { class: 'label' }, label));
}

function renderCounts(stats) {
  const by = Object.fromEntries(stats.activitiesByStatus.map((s) => [s.status, s.count]));
  counts.replaceChildren(
    count('今日活动', stats.activityCount),
    count('进行中', by.RUNNING ?? 0),
    count('已结束', by.FINISHED ?? 0),
    count('报名人次', stats.signUpCount),
    count('签到人次', stats.attendanceCount),
  );
}

function item(type, a, at) {
  const places = a.capacity == null ? '' : a.placesLeft > 0 ? `余 ${a.placesLeft} 位` : '已满';
  return h(
    'li',
    { class: type, dataset: { activity: a.activityId ?? a.id } },
    h('span', { class: 'what' }, WHAT[type] ?? STATUS_LABEL[type] ?? type),
    h(
      'span',
      { class: 'title' },
      a.title,
      h('span', { class: 'sub' }, `  ${a.site?.name ?? a.activity?.site?.name ?? ''}`),
    ),
    h('span', { class: 'sub' }, `${places}  ${clock(at)}`),
  );
}

async function load() {
  day = chinaDay();
  const data = await gqlRetrying('ScreenFeed', { unionId: id, ...day });
  if (!data.union) return showMissing('没有这个工会');
  setText(title, `${data.union.name} · 今日动态`);
  renderCounts(data.union.stats);
  // Before any event: today's activities, latest start first, as they stand.
  if (!list.childElementCount) {
    for (const a of data.union.activities.nodes.slice(0, MAX).reverse())
      prependBounded(list, item(a.status, a, a.startsAt), MAX);
  }
}

/** The day's counts follow the events, fetched at most every 5 s (and at midnight the day turns). */
function scheduleCounts() {
  refresh ??= setTimeout(async () => {
    refresh = undefined;
    try {
      const fresh = chinaDay();
      if (fresh.from !== day.from) list.replaceChildren();
      await load();
    } catch {
      // The next event or the minute tick tries again.
    }
  }, 5000);
}
setInterval(scheduleCounts, 60_000);

function apply(event) {
  prependBounded(list, item(event.type, event, event.occurredAt), MAX);
  scheduleCounts();
}

main.replaceChildren(
  h('header', {}, title),
  h(
    'div',
    { class: 'grid', style: 'grid-template-columns: 1fr; grid-template-rows: auto 1fr' },
    counts,
    h('section', { class: 'panel' }, h('h2', {}, '最新动态'), list),
  ),
);
void follow({
  subscriptions: () => [{ name: 'ScreenActivityFeed', field: 'activityFeed', variables: { unionId: id } }],
  load,
  apply,
});
