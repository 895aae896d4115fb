import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { entities } from './entities.js';
import { migrationsList } from './migrations/index.js';

/** MikroORM options for one database URL; openDatabase adds its statement counter, logging and timeouts as `overrides`. */
export function ormConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    // Migrations are listed in code so the built server and tests run the same ones.
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    // Reads go through explicit loaders; nothing is lazily loaded behind a resolver's back.
    forceUndefined: false,
    allowGlobalContext: false,
    pool: { min: 0, max: 10 },
    ...overrides,
  });
}
