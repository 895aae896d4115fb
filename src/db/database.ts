import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres.js';
import { ormConfig } from './mikro-orm.config.js';

export interface Database {
  orm: MikroORM;
  /** The URL in use (embedded or from DATABASE_URL). */
  url: string;
  /** SQL statements sent since start; the N+1 tests and the benchmark read it. */
  statementCount(): number;
  close(): Promise<void>;
}

type Log = (message: string) => void;

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is unset, then
 * applies pending migrations. Several instances may start at once on one database:
 * a session advisory lock lets one migrate while the others wait.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'embeddedDataDir' | 'embeddedPort'>,
  log: Log = () => {},
): Promise<Database> {
  let embedded: RunningPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.embeddedDataDir, port: config.embeddedPort, log });
    url = embedded.url;
  }
  let statements = 0;
  const orm = await MikroORM.init(
    ormConfig(url, {
      onQuery: (sql) => {
        statements += 1;
        return sql;
      },
      // MikroORM's own lines (the migrator's) go to our log, so stdout stays JSON.
      logger: (message) => log(message),
      colors: false,
      // And knex's ("Connection Error: …" when PostgreSQL drops a pooled connection).
      driverOptions: {
        log: { warn: log, error: log, deprecate: log, debug: () => {} },
        // A database that stops answering (no refusal, no reset) fails requests in seconds
        // with SERVICE_UNAVAILABLE instead of holding them for knex's default 60 s.
        acquireConnectionTimeout: 10_000,
        connection: { connectionTimeoutMillis: 5_000 },
      },
    }),
  );
  try {
    await withAdvisoryLock(orm, 'unionhub.migrate', async () => {
      const applied = await orm.getMigrator().up();
      if (applied.length) log(`applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    });
  } catch (error) {
    await orm.close();
    await embedded?.stop();
    throw error;
  }
  return {
    orm,
    url,
    statementCount: () => statements,
    async close() {
      await orm.close();
      await embedded?.stop();
    },
  };
}

/** Runs `work` while holding a session-level advisory lock on a dedicated connection. */
export async function withAdvisoryLock<T>(orm: MikroORM, name: string, work: () => Promise<T>): Promise<T> {
  const knex = orm.em.getKnex();
  const connection = await knex.client.acquireConnection();
  try {
    await connection.query('select pg_advisory_lock(hashtext($1))', [name]);
    return await work();
  } finally {
    await connection.query('select pg_advisory_unlock(hashtext($1))', [name]).catch(() => {});
    await knex.client.releaseConnection(connection);
  }
}
