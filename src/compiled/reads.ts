import { signUpVisibilityReads } from '../activities/sign-up.visibility.js';
import type { Viewer } from '../auth/token.js';
import { GLOBAL, ReadScope, type ReadReport, type TrackedTable } from '../common/read-scope.js';
import { parseGlobalId } from '../common/relay.js';

/** The table each type the compiler covers is read from. */
const TABLE_OF: Record<string, TrackedTable> = {
  Union: 'unions',
  Site: 'sites',
  Activity: 'activities',
  Programme: 'programmes',
  SignUp: 'sign_ups',
};

/**
 * Fields that read tables without the touched-paths triggers (sessions, check-ins, clubs,
 * service circles),
 * as their loaders do: an answer holding one is forgotten by every write (GLOBAL).
 */
const UNTRACKED = new Set([
  'Activity.sessions',
  'Activity.club',
  'Union.clubs',
  'Union.serviceCircles',
  'Query.club',
  'SignUp.sessionsAttended',
  'SignUp.sessionCount',
]);

/** A union's stats count rows of every tracked table under it. */
const STATS_TABLES: TrackedTable[] = ['unions', 'sites', 'activities', 'programmes', 'sign_ups'];

/**
 * Fields that can reach a row in a sibling subtree of the row they hang on: an activity's
 * organiser, site and programme need not lie under the union an answer is about. A
 * subtree answer holding one reports GLOBAL rather than miss a write over there.
 */
const CROSSING = new Set(['Activity.organiser', 'Activity.site', 'Activity.programme', 'SignUp.union']);

/** Lists of activities by something other than their organiser's subtree. */
const BESIDE_ORGANISER = new Set(['Site.activities', 'Programme.activities']);

/**
 * What a compiled statement reads, for the response cache (src/common/read-scope.ts): the
 * planner reports every field it compiles; `scope()` answers, per root field, the
 * subtrees it read (a row by id, or a list under a union), the tables a root list read
 * whole, or GLOBAL. Writes above a subtree also forget it, so `parent` and `ancestors`
 * need no report of their own.
 */
export class CompiledReads {
  private readonly tables = new Set<TrackedTable>();
  private readonly roots: (ReadReport | 'whole tables')[] = [];
  private crossing = false;
  private untracked = false;
  private signUps = false;
  private besideOrganiser = false;

  constructor(private readonly viewer: Viewer | null) {}

  /** `returns`: the field's named return type (a connection's node type is read from its name). */
  field(typeName: string, fieldName: string, returns: string, args: Record<string, unknown>): void {
    const read = returns.replace(/(Connection|Edge)$/, '');
    if (TABLE_OF[read]) this.tables.add(TABLE_OF[read]);
    if (read === 'UnionStats') for (const table of STATS_TABLES) this.tables.add(table);
    if (CROSSING.has(`${typeName}.${fieldName}`)) this.crossing = true;
    if (UNTRACKED.has(`${typeName}.${fieldName}`) || typeName.startsWith('Club') || typeName === 'ServiceCircle')
      this.untracked = true;
    if (read === 'SignUp') this.signUps = true;
    if (BESIDE_ORGANISER.has(`${typeName}.${fieldName}`)) this.besideOrganiser = true;
    if (typeName === 'Query') this.roots.push(rootReport(fieldName, args));
  }

  scope(): ReadScope {
    const scope = new ReadScope();
    if (this.untracked) {
      scope.add(GLOBAL);
      return scope;
    }
    // Which sign-ups a staff member or worker sees moves with their union.
    if (this.signUps) scope.add({ refs: signUpVisibilityReads(this.viewer) });
    // A sign-up's write touches its organiser's path and its worker's union's, not the
    // site's or programme's an activity was listed under.
    const crossing = this.crossing || (this.signUps && this.besideOrganiser);
    for (const root of this.roots) {
      if (root === 'whole tables') scope.add({ tables: [...this.tables] });
      else scope.add(crossing && root !== GLOBAL ? GLOBAL : root);
    }
    return scope;
  }
}

function rootReport(fieldName: string, args: Record<string, unknown>): ReadReport | 'whole tables' {
  const ref = (id: unknown): ReadReport => {
    const parsed = typeof id === 'string' ? parseGlobalId(id) : null;
    switch (parsed?.type) {
      case 'Union':
        return { refs: [{ union: parsed.id }] };
      case 'Site':
        return { refs: [{ site: parsed.id }] };
      case 'Activity':
        return { refs: [{ activity: parsed.id }] };
      case 'Programme':
        return { refs: [{ programme: parsed.id }] };
      default:
        return GLOBAL;
    }
  };
  switch (fieldName) {
    case 'union':
    case 'site':
    case 'activity':
    case 'programme':
    case 'node':
      return ref(args.id);
    case 'nodes': {
      const reports = (args.ids as unknown[]).map(ref);
      if (reports.some((report) => report === GLOBAL)) return GLOBAL;
      return { refs: reports.flatMap((report) => (report === GLOBAL ? [] : (report.refs ?? []))) };
    }
    case 'unions':
      return 'whole tables';
    case 'sites':
    case 'activities':
      return args.underUnion ? ref(args.underUnion) : 'whole tables';
    default:
      return GLOBAL; // latestEventCursor moves with every write
  }
}
