import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121000000_init } from './Migration20261121000000_init.js';

/** Every migration in order; append new ones here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261121000000_init', class: Migration20261121000000_init },
];
