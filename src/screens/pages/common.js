// What every screen shares: its id and build, the kiosk token, GraphQL over HTTP, the live
// feed over graphql-ws with resume, the "reconnecting" badge, themes and the wake lock.
// Plain ES module, no build step: the hub serves this folder as it is.

const body = document.body;
export const kind = body.dataset.kind;
export const id = body.dataset.id;
export const version = body.dataset.version;

// A kiosk's staff token comes in the URL fragment (#token=…), which browsers never send to
// a server, so it reaches no access log. Kept for the tab's life if the fragment is cleared.
const fragment = new URLSearchParams(location.hash.slice(1));
const token = fragment.get('token') || sessionStorage.getItem('unionhub.token') || '';
if (fragment.get('token')) sessionStorage.setItem('unionhub.token', token);
export const hasToken = Boolean(token);

const params = new URLSearchParams(location.search);
const theme = params.get('theme');
if (theme === 'dark' || theme === 'light') body.dataset.theme = theme;

const documents = new Map();
/** One of the screens' GraphQL documents, as served from src/screens/documents. */
async function documentText(name) {
  if (!documents.has(name)) {
    documents.set(
      name,
      fetch(`/screens/documents/${name}.graphql`).then((res) => {
        if (!res.ok) throw new Error(`document ${name}: ${res.status}`);
        return res.text();
      }),
    );
  }
  try {
    return await documents.get(name);
  } catch (error) {
    documents.delete(name);
    throw error;
  }
}

export class GraphQLResponseError extends Error {
  constructor(errors) {
    super(errors.map((e) => e.message).join('; '));
    this.code = errors[0]?.extensions?.code;
  }
}

/** One query over HTTP, as any client sends it. */
export async function gql(name, variables = {}) {
  const query = await documentText(name);
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables, operationName: name }),
  });
  let json;
  try {
    json = await res.json();
  } catch {
    throw new Error(`HTTP ${res.status}`);
  }
  if (json.errors?.length) throw new GraphQLResponseError(json.errors);
  return json.data;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Full jitter backoff: 0.5 s doubling to 8 s. */
const backoff = (attempt) => Math.min(8000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);

/** A query retried forever with backoff (a kiosk has nobody to press reload); the badge shows meanwhile. */
export async function gqlRetrying(name, variables) {
  for (let attempt = 0; ; attempt++) {
    try {
      const data = await gql(name, variables);
      if (attempt > 0) {
        offline.delete(`http:${name}`);
        showStatus();
      }
      return data;
    } catch (error) {
      if (error instanceof GraphQLResponseError && error.code !== 'SERVICE_UNAVAILABLE') throw error;
      offline.add(`http:${name}`);
      showStatus();
      await sleep(backoff(Math.min(attempt, 5)));
    }
  }
}

// "Reconnecting": shown while anything is down; the last known state stays on screen.
const offline = new Set(['ws']);
const statusBox = document.getElementById('status');
function showStatus() {
  const down = offline.size > 0 && started;
  statusBox.hidden = !down;
  statusBox.textContent = down ? '重新连接中… 显示的是最后收到的数据' : '';
  body.classList.toggle('reconnecting', down);
}
let started = false;

let client;
function wsClient() {
  client ??= globalThis.graphqlWs.createClient({
    url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`,
    // The page announces its kind and build: /metrics counts connected screens by both.
    connectionParams: () => ({ screen: kind, version, ...(token ? { authorization: `Bearer ${token}` } : {}) }),
    lazy: false,
    keepAlive: 10_000,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (retries) => sleep(backoff(Math.min(retries, 5))),
    on: {
      connected: () => {
        offline.delete('ws');
        showStatus();
      },
      closed: () => {
        offline.add('ws');
        showStatus();
      },
    },
  });
  return client;
}

/**
 * A screen's start, exactly as the README's recipe says: read latestEventCursor, subscribe
 * with `after` set to it, then fetch the state. Events that arrive before the state are
 * applied after it (each carries the state it produced, so re-applying is harmless). On every
 * reconnect graphql-ws sends the same `variables` again, whose `after` is the last cursor
 * applied: the hub replays what was missed, in order. CURSOR_EXPIRED starts over;
 * FELL_BEHIND and anything else subscribe again from the last cursor. `restartAfterMs`
 * starts over now and then, for screens whose subscriptions depend on what they show.
 */
export async function follow({ subscriptions, load, apply, onComplete, restartAfterMs }) {
  started = true;
  showStatus();
  for (let attempt = 0; ; attempt++) {
    let cursor;
    try {
      cursor = (await gqlRetrying('ScreenLatestEventCursor')).latestEventCursor;
    } catch {
      await sleep(backoff(attempt));
      continue;
    }
    const pending = [];
    let ready = false;
    const handle = (event) => (ready ? apply(event) : pending.push(event));
    const runs = subscriptions().map((sub) => subscribe(sub, cursor, handle));
    try {
      await load();
    } catch {
      // An answer the page cannot use: start over, keeping what is on screen.
      for (const run of runs) run.stop();
      await sleep(backoff(attempt));
      continue;
    }
    ready = true;
    for (const event of pending.splice(0)) apply(event);
    const restart = restartAfterMs ? [sleep(restartAfterMs).then(() => 'restart')] : [];
    const outcome = await Promise.race([...runs.map((run) => run.done), ...restart]);
    for (const run of runs) run.stop();
    if (outcome === 'complete') return onComplete?.();
    if (outcome === 'restart') {
      attempt = -1;
      continue;
    }
    if (outcome !== 'expired') attempt = 0;
    await sleep(backoff(attempt));
  }
}

/** Resubscribes from the last cursor on FELL_BEHIND and other errors; resolves only on expiry or completion. */
function subscribe({ name, variables, field }, startCursor, handle) {
  const vars = { ...variables, after: startCursor };
  let dispose = () => {};
  let stopped = false;
  const done = (async () => {
    const query = await documentText(name);
    for (let attempt = 0; !stopped; attempt++) {
      const result = await new Promise((resolve) => {
        dispose = wsClient().subscribe(
          { query, variables: vars, operationName: name },
          {
            next: ({ data, errors }) => {
              if (errors?.length) return;
              const event = data[field];
              vars.after = event.cursor;
              attempt = 0;
              handle(event);
            },
            error: (error) => {
              const code = Array.isArray(error) ? error[0]?.extensions?.code : undefined;
              resolve(code === 'CURSOR_EXPIRED' || code === 'NOT_FOUND' ? 'expired' : 'error');
            },
            complete: () => resolve('complete'),
          },
        );
      });
      if (result !== 'error' || stopped) return result;
      await sleep(backoff(Math.min(attempt, 5)));
    }
    return 'stopped';
  })();
  return {
    done,
    stop: () => {
      stopped = true;
      dispose();
    },
  };
}

// Kiosks: keep the screen on where the browser offers a wake lock, again after a tab switch.
async function keepAwake() {
  try {
    await navigator.wakeLock?.request('screen');
  } catch {
    // Not offered (no HTTPS, battery saver): the kiosk's own settings must keep it on.
  }
}
void keepAwake();
document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && void keepAwake());

/** Element helper: h('div', { class: 'x' }, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Sets an element's text only when it changed, so observers and repaints see real changes only. */
export function setText(el, text) {
  const value = String(text ?? '');
  if (el.textContent !== value) el.textContent = value;
}

/** Puts `node` first in `list` and drops what is past `max`: the DOM of a screen running for days stays bounded. */
export function prependBounded(list, node, max) {
  list.prepend(node);
  while (list.childElementCount > max) list.lastElementChild.remove();
}

/** The day in China (UTC+8) as [from, to) instants, whatever the kiosk's clock zone says. */
export function chinaDay(now = new Date()) {
  const offset = 8 * 3600_000;
  const start = Math.floor((now.getTime() + offset) / 86_400_000) * 86_400_000 - offset;
  return { from: new Date(start).toISOString(), to: new Date(start + 86_400_000).toISOString() };
}

const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
export const clock = (iso) => (iso ? timeFormat.format(new Date(iso)) : '');

export function showMissing(text) {
  const main = document.getElementById('screen');
  main.replaceChildren(h('h1', { class: 'missing' }, text));
}

export const STATUS_LABEL = {
  PLANNED: '筹备中',
  OPEN: '报名中',
  RUNNING: '进行中',
  FINISHED: '已结束',
  CANCELLED: '已取消',
};
