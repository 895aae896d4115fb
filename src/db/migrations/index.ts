import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121000000_init } from './Migration20261121000000_init.js';
import { Migration20261121100000_site_location_index } from './Migration20261121100000_site_location_index.js';
import { Migration20261121200000_event_log } from './Migration20261121200000_event_log.js';
import { Migration20261121300000_competitions } from './Migration20261121300000_competitions.js';
import { Migration20261121400000_auth } from './Migration20261121400000_auth.js';
import { Migration20261122000000_write_marks } from './Migration20261122000000_write_marks.js';
import { Migration20261123000000_audit_trail } from './Migration20261123000000_audit_trail.js';
import { Migration20261129000000_status_sweep } from './Migration20261129000000_status_sweep.js';
import { Migration20261129100000_sibling_names } from './Migration20261129100000_sibling_names.js';
import { Migration20261129200000_activity_note } from './Migration20261129200000_activity_note.js';
import { Migration20261129300000_attendance_corrections } from './Migration20261129300000_attendance_corrections.js';
import { Migration20261130000000_touched_paths } from './Migration20261130000000_touched_paths.js';
import { Migration20261130100000_worker_role } from './Migration20261130100000_worker_role.js';
import { Migration20261130110000_self_service } from './Migration20261130110000_self_service.js';
import { Migration20261130120000_waitlist_and_check_in } from './Migration20261130120000_waitlist_and_check_in.js';
import { Migration20261130200000_menu } from './Migration20261130200000_menu.js';
import { Migration20261201000000_attendance_by_session } from './Migration20261201000000_attendance_by_session.js';
import { Migration20261201100000_clubs } from './Migration20261201100000_clubs.js';
import { Migration20261201200000_subsidies } from './Migration20261201200000_subsidies.js';
import { Migration20261201300000_coverage } from './Migration20261201300000_coverage.js';

/** Every migration in order; append new ones here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261121000000_init', class: Migration20261121000000_init },
  { name: 'Migration20261121100000_site_location_index', class: Migration20261121100000_site_location_index },
  { name: 'Migration20261121200000_event_log', class: Migration20261121200000_event_log },
  { name: 'Migration20261121300000_competitions', class: Migration20261121300000_competitions },
  { name: 'Migration20261121400000_auth', class: Migration20261121400000_auth },
  { name: 'Migration20261122000000_write_marks', class: Migration20261122000000_write_marks },
  { name: 'Migration20261123000000_audit_trail', class: Migration20261123000000_audit_trail },
  { name: 'Migration20261129000000_status_sweep', class: Migration20261129000000_status_sweep },
  { name: 'Migration20261129100000_sibling_names', class: Migration20261129100000_sibling_names },
  { name: 'Migration20261129200000_activity_note', class: Migration20261129200000_activity_note },
  { name: 'Migration20261129300000_attendance_corrections', class: Migration20261129300000_attendance_corrections },
  { name: 'Migration20261130000000_touched_paths', class: Migration20261130000000_touched_paths },
  { name: 'Migration20261130100000_worker_role', class: Migration20261130100000_worker_role },
  { name: 'Migration20261130110000_self_service', class: Migration20261130110000_self_service },
  { name: 'Migration20261130120000_waitlist_and_check_in', class: Migration20261130120000_waitlist_and_check_in },
  { name: 'Migration20261130200000_menu', class: Migration20261130200000_menu },
  { name: 'Migration20261201000000_attendance_by_session', class: Migration20261201000000_attendance_by_session },
  { name: 'Migration20261201100000_clubs', class: Migration20261201100000_clubs },
  { name: 'Migration20261201200000_subsidies', class: Migration20261201200000_subsidies },
  { name: 'Migration20261201300000_coverage', class: Migration20261201300000_coverage },
];
