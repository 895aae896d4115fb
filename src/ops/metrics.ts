import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const PREFIX = 'unionhub_';

/** Operation names become labels only when they look like names; at most this many distinct ones. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_OPERATION_NAMES = 200;
/** Screen builds become labels when they look like versions (`0.1.0+3f2a…`); at most this many. */
const SCREEN_VERSION = /^[0-9A-Za-z][0-9A-Za-z.+_-]{0,39}$/;
const MAX_SCREEN_VERSIONS = 50;

export interface MetricSources {
  /** SQL statements sent since start (Database.statementCount). */
  statementCount(): number;
  /** Subscribers of this instance's event hub. */
  subscriberCount(): number;
}

export type Transport = 'http' | 'ws';

/**
 * One registry per app instance, never prom-client's global one: tests run several hubs in
 * one process, and each must report only its own numbers.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  private readonly requestDuration = new Histogram({
    name: `${PREFIX}graphql_request_duration_seconds`,
    help: 'GraphQL operations over HTTP: count and latency, by operation name and type',
    labelNames: ['operation', 'type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: `${PREFIX}graphql_errors_total`,
    help: 'GraphQL errors sent to clients, by extensions.code and transport',
    labelNames: ['code', 'transport'] as const,
    registers: [this.registry],
  });

  private readonly sockets = new Gauge({
    name: `${PREFIX}websocket_connections`,
    help: 'Open WebSocket connections',
    registers: [this.registry],
  });

  private readonly screens = new Gauge({
    name: `${PREFIX}screens_connected`,
    help: 'Screens connected over graphql-ws, by the page kind and the build version they report',
    labelNames: ['kind', 'version'] as const,
    registers: [this.registry],
  });
  private readonly screenVersions = new Set<string>();

  private readonly eventLag = new Histogram({
    name: `${PREFIX}event_lag_seconds`,
    help: "Seconds from an event's commit to its dispatch by this instance's hub",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  constructor(sources: MetricSources) {
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    new Gauge({
      name: `${PREFIX}subscriptions_active`,
      help: 'Subscriptions listening for events on this instance',
      registers: [this.registry],
      collect() {
        this.set(sources.subscriberCount());
      },
    });
    // A counter fed from the database's own running total at scrape time.
    let reported = 0;
    new Counter({
      name: `${PREFIX}sql_statements_total`,
      help: 'SQL statements sent to PostgreSQL by this instance',
      registers: [this.registry],
      collect() {
        const now = sources.statementCount();
        if (now > reported) this.inc(now - reported);
        reported = now;
      },
    });
  }

  /** The label for an operation name: itself, `anonymous`, or `other` past the cap. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  observeRequest(operationName: string | null | undefined, type: string | undefined, seconds: number): void {
    this.requestDuration.observe({ operation: this.operationLabel(operationName), type: type ?? 'unknown' }, seconds);
  }

  countError(code: unknown, transport: Transport): void {
    this.errors.inc({ code: typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'OTHER', transport });
  }

  socketOpened(): void {
    this.sockets.inc();
  }

  socketClosed(): void {
    this.sockets.dec();
  }

  /**
   * A screen page connected (it names its kind and build in connection_init); the returned
   * function counts it off when its socket closes.
   */
  screenConnected(kind: string, version: unknown): () => void {
    let label = typeof version === 'string' && SCREEN_VERSION.test(version) ? version : 'unknown';
    if (!this.screenVersions.has(label)) {
      if (this.screenVersions.size >= MAX_SCREEN_VERSIONS) label = 'other';
      else this.screenVersions.add(label);
    }
    const labels = { kind, version: label };
    this.screens.inc(labels);
    return () => this.screens.dec(labels);
  }

  observeEventLag(occurredAt: Date): void {
    this.eventLag.observe(Math.max(0, (Date.now() - occurredAt.getTime()) / 1000));
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
