// /screens/competitions/:id — a match league's live score, recent results and table, or a
// judged contest's current contestant, each judge's score as it arrives and the ranking.
import { clock, follow, gqlRetrying, h, id, prependBounded, setText, showMissing } from './common.js';

const RECENT = 6; // finished matches shown
const TIMELINE = 12; // score changes shown per live match
const main = document.getElementById('screen');

let competition;
/** Live matches by id: { match, el } — the DOM of each card is updated in place. */
const live = new Map();
let finished = [];
let standings = [];
/** Judged: who is on stage now and the judges' scores of that round. */
let current = null;

const header = h('header', {}, h('h1', { id: 'title' }, '…'), h('div', { class: 'sub', id: 'where' }));
const livePanel = h('section', { class: 'panel', id: 'live' }, h('h2', {}, '正在进行'));
const resultsPanel = h(
  'section',
  { class: 'panel' },
  h('h2', {}, '最近结果'),
  h('ul', { class: 'results', id: 'results' }),
);
const tablePanel = h('section', { class: 'panel', id: 'table' });

async function load() {
  const data = await gqlRetrying('ScreenCompetition', { id });
  competition = data.competition;
  if (!competition) return showMissing('没有这个比赛');
  setText(header.querySelector('#title'), competition.activity.title);
  setText(header.querySelector('#where'), competition.activity.site?.name ?? '');
  standings = competition.standings;
  if (competition.format === 'MATCHES') {
    main.replaceChildren(
      header,
      h(
        'div',
        { class: 'grid' },
        h(
          'div',
          { class: 'grid', style: 'grid-template-columns: 1fr; grid-template-rows: auto 1fr' },
          livePanel,
          resultsPanel,
        ),
        tablePanel,
      ),
    );
    for (const match of competition.live.nodes) upsertLive(match);
    finished = competition.finished.nodes.slice(-RECENT).reverse();
    renderResults();
  } else {
    main.replaceChildren(
      header,
      h('div', { class: 'grid' }, h('section', { class: 'panel', id: 'stage' }), tablePanel),
    );
    const scores = competition.judgeScores;
    const last = scores.reduce((best, s) => (!best || s.round >= best.round ? s : best), null);
    if (last) {
      current = {
        entry: last.entry,
        round: last.round,
        scores: new Map(
          scores.filter((s) => s.round === last.round && s.entry.id === last.entry.id).map((s) => [s.judge, s.score]),
        ),
      };
    }
    renderStage();
  }
  renderTable();
}

function matchCard(match) {
  const el = h(
    'div',
    { class: 'match', dataset: { match: match.id } },
    h('div', { class: 'team home' }, match.homeEntry.name),
    h('div', { class: 'score' }),
    h('div', { class: 'team away' }, match.awayEntry.name),
    h('div', { class: 'round' }, `${match.round} · ${clock(match.startsAt)}`),
    h('ol', { class: 'timeline' }),
  );
  return el;
}

function upsertLive(match, event) {
  let item = live.get(match.id);
  if (!item) {
    item = { match: { ...match }, el: matchCard(match) };
    live.set(match.id, item);
    livePanel.append(item.el);
  }
  if (event) {
    // A replayed or buffered event older than what is shown changes nothing on the card.
    if (event.matchVersion < item.match.version) return;
    item.match.version = event.matchVersion;
    item.match.homeScore = event.homeScore;
    item.match.awayScore = event.awayScore;
  }
  const score = `${item.match.homeScore ?? 0} : ${item.match.awayScore ?? 0}`;
  setText(item.el.querySelector('.score'), score);
  const timeline = item.el.querySelector('.timeline');
  if (event && timeline.firstElementChild?.textContent !== score)
    prependBounded(timeline, h('li', {}, score), TIMELINE);
}

function endLive(matchId) {
  const item = live.get(matchId);
  if (!item) return;
  item.el.remove();
  live.delete(matchId);
}

function renderResults() {
  const list = document.getElementById('results');
  list.replaceChildren(
    ...finished.map((m) =>
      h(
        'li',
        {},
        h('span', { class: 'sub' }, m.round),
        h('span', { class: 'title' }, `${m.homeEntry.name}  ${m.homeScore} : ${m.awayScore}  ${m.awayEntry.name}`),
        h('span', { class: 'sub' }, clock(m.startsAt)),
      ),
    ),
  );
}

function renderTable() {
  const matches = competition.format === 'MATCHES';
  const head = matches ? ['名次', '队伍', '场', '胜', '负', '积分'] : ['名次', '选手', '各轮得分', '总分'];
  const rows = standings
    .slice(0, 16)
    .map((s) =>
      matches
        ? h(
            'tr',
            {},
            h('td', { class: 'rank' }, s.rank),
            h('td', { class: 'name' }, s.entry.name),
            h('td', {}, s.played),
            h('td', {}, s.won),
            h('td', {}, s.lost),
            h('td', { class: 'rank' }, s.points),
          )
        : h(
            'tr',
            {},
            h('td', { class: 'rank' }, s.rank),
            h('td', { class: 'name' }, s.entry.name),
            h('td', { class: 'sub' }, s.roundScores.map((r) => r.toFixed(2)).join(' / ')),
            h('td', { class: 'rank' }, s.total?.toFixed(2) ?? ''),
          ),
    );
  tablePanel.replaceChildren(
    h('h2', {}, matches ? '积分榜' : '排名'),
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head.map((t, i) => h('th', { class: i === 1 ? 'name' : undefined }, t)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
}

/** Which scores a round drops: the highest and the lowest once, when at least 3 judges scored. */
function dropped(scores) {
  if (!competition.dropHighestAndLowest || scores.length < 3) return { high: -1, low: -1 };
  let high = 0;
  let low = 0;
  scores.forEach(([, s], i) => {
    if (s > scores[high][1]) high = i;
    if (s < scores[low][1]) low = i;
  });
  if (high === low) low = high === 0 ? 1 : 0;
  return { high, low };
}

function renderStage() {
  const stage = document.getElementById('stage');
  if (!current) return stage.replaceChildren(h('h2', {}, '当前选手'), h('div', { class: 'contestant' }, '等待开始'));
  const scores = [...current.scores.entries()];
  const { high, low } = dropped(scores);
  const kept = scores.filter((_, i) => i !== high && i !== low).map(([, s]) => s);
  const mean = kept.length ? kept.reduce((a, b) => a + b, 0) / kept.length : null;
  stage.replaceChildren(
    h('h2', {}, `当前选手 · 第 ${current.round} 轮`),
    h('div', { class: 'contestant' }, current.entry.name),
    h(
      'div',
      { class: 'judges' },
      scores.map(([judge, score], i) =>
        h(
          'div',
          { class: i === high || i === low ? 'judge dropped' : 'judge', dataset: { judge } },
          h('div', { class: 'sub' }, judge),
          h('div', { class: 'value' }, score.toFixed(2)),
          h('div', { class: 'mark' }, i === high ? '去掉最高分' : i === low ? '去掉最低分' : ''),
        ),
      ),
    ),
    h(
      'div',
      { class: 'round-score' },
      '本轮得分 ',
      h('span', { class: 'rank' }, mean === null ? '—' : (Math.round(mean * 100 + 1e-9) / 100).toFixed(2)),
    ),
  );
}

function apply(event) {
  if (!competition) return;
  switch (event.type) {
    case 'MATCH_STARTED':
    case 'SCORE_CHANGED':
      if (event.match)
        upsertLive(
          { ...event.match, version: event.matchVersion - 1, homeScore: event.homeScore, awayScore: event.awayScore },
          event,
        );
      break;
    case 'MATCH_FINISHED':
    case 'SCORE_CORRECTED':
      endLive(event.matchId);
      if (event.match) {
        finished = [
          { ...event.match, homeScore: event.homeScore, awayScore: event.awayScore },
          ...finished.filter((m) => m.id !== event.matchId),
        ].slice(0, RECENT);
        renderResults();
      }
      break;
    case 'MATCH_CANCELLED':
      endLive(event.matchId);
      break;
    case 'JUDGE_SCORES_RECORDED':
    case 'JUDGE_SCORE_CORRECTED':
      if (!current || current.entry.id !== event.entry.id || current.round !== event.judgeRound) {
        current = { entry: event.entry, round: event.judgeRound, scores: new Map() };
      }
      for (const { judge, score } of event.judgeScores ?? []) current.scores.set(judge, score);
      renderStage();
      break;
    default:
      break;
  }
  standings = event.standings;
  renderTable();
}

main.replaceChildren(header);
void follow({
  subscriptions: () => [
    { name: 'ScreenCompetitionUpdated', field: 'competitionUpdated', variables: { competitionId: id } },
  ],
  load,
  apply,
  onComplete: () => setText(header.querySelector('#where'), '比赛已结束'),
});
