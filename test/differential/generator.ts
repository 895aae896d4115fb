import {
  astFromValue,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  print,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { NODE_TYPES, type NodeTypeName } from '../../src/common/relay.js';
import type { Random } from './random.js';

type NodeType = NodeTypeName;

/** What the generator draws its arguments from: rows of the demo, by global id. */
export interface DemoData {
  ids: Record<NodeType, string[]>;
  /** Global ids of unions by level (COUNTY, TOWN…). */
  unionsByLevel: Record<string, string[]>;
  /** Round labels of the demo's matches. */
  rounds: string[];
  /** The instant the dates are drawn around (the demo is seeded around today). */
  now: number;
}

/** One request of the differential test. */
interface GeneratedQuery {
  text: string;
  variables: Record<string, unknown>;
  /** Send again with `variable` set to the string found at `path` of the first answer (a next page). */
  page?: { variable: string; path: string[] };
}

const gid = (type: string, id: number) => Buffer.from(`${type}:${id}`, 'utf8').toString('base64');

/** Query fields with how often a query starts with them. */
const ROOT_WEIGHTS: Record<string, number> = {
  activities: 3,
  activity: 2,
  auditLog: 0.7,
  competition: 1.2,
  latestEventCursor: 0.4,
  node: 2,
  nodes: 1.5,
  programme: 1,
  site: 2,
  sites: 2.5,
  union: 3,
  unions: 3,
  viewer: 0.4,
};

/** An id argument's node type, by `Parent.field.argument` (or input field). */
const ID_TYPES: Record<string, NodeType | 'any'> = {
  'Query.union.id': 'Union',
  'Query.site.id': 'Site',
  'Query.activity.id': 'Activity',
  'Query.programme.id': 'Programme',
  'Query.competition.id': 'Competition',
  'Query.node.id': 'any',
  'Query.nodes.ids': 'any',
  underUnion: 'Union',
  unionId: 'Union',
  programmeId: 'Programme',
  entryId: 'CompetitionEntry',
  id: 'any',
};

const SEARCH_WORDS: Record<string, string[]> = {
  ActivityFilter: ['排球', '课程', '读书', '嘉兴', '平湖', '展', '健康', '歌手', 'zzz', ''],
  SiteFilter: ['书屋', '驿站', '平湖', '之家', '文化宫', '能量站', 'qq', ''],
  UnionFilter: ['平湖', '镇', '村', '南湖', '工会', '社区', '有限公司', 'xyz', ''],
};

/** The largest number of objects a query may ask for along one path (page sizes multiplied). */
const OBJECT_BUDGET = 60;
const MAX_ALIASES = 12;
const MAX_DIRECTIVES = 6;
const MAX_HOPS = 3;

/** A value that goes into the document: a literal, or a variable with its value. */
interface Variable {
  name: string;
  type: string;
  defaultText?: string;
}

/** Response keys already used in one (merged) selection set: the same key must mean the same field. */
interface Scope {
  keys: Map<string, { signature: string; child: Scope }>;
}
const newScope = (): Scope => ({ keys: new Map() });

interface Context {
  /** Object types passed through (connections and edges not counted). */
  hops: number;
  /** Objects this position stands for: the product of the page sizes above. */
  multiplier: number;
  /** Response keys from the root, or null below a list. */
  path: string[] | null;
  /** Inside a fragment on an abstract type. */
  underAbstract: boolean;
}

/** Generates random query documents over the hub's schema and the demo's ids. */
export class QueryGenerator {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly demo: DemoData,
  ) {}

  /** Values for a variable of `type` used at `where` (`Parent.field.argument` or an input field's name). */
  valueFor(rng: Random, type: GraphQLInputType, where: string): unknown {
    return new Builder(this.schema, this.demo, rng).value(type, where, false);
  }

  generate(rng: Random): GeneratedQuery {
    return new Builder(this.schema, this.demo, rng).query();
  }
}

class Builder {
  private readonly variables: Variable[] = [];
  private readonly values: Record<string, unknown> = {};
  private readonly fragments: string[] = [];
  private aliases = 0;
  /** Fields this query may still ask for, so it stays well within the token limit. */
  private fieldsLeft = 45;
  private directives = 0;
  private page: GeneratedQuery['page'];
  private counter = 0;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly demo: DemoData,
    private readonly rng: Random,
  ) {}

  query(): GeneratedQuery {
    const root = this.schema.getQueryType()!;
    const names = Object.keys(ROOT_WEIGHTS).filter((name) => root.getFields()[name]);
    const total = names.reduce((sum, name) => sum + ROOT_WEIGHTS[name]!, 0);
    const scope = newScope();
    const parts: string[] = [];
    const count = this.rng.chance(0.6) ? 1 : this.rng.int(2, 3);
    for (let i = 0; i < count; i++) {
      let draw = this.rng.next() * total;
      const name = names.find((n) => (draw -= ROOT_WEIGHTS[n]!) < 0) ?? names[0]!;
      const ctx: Context = { hops: 0, multiplier: 1, path: [], underAbstract: false };
      parts.push(this.field(root, root.getFields()[name]!, scope, ctx));
    }
    if (this.rng.chance(0.05)) parts.push('__typename');
    const selection = parts.filter(Boolean).join(' ') || '__typename';
    const header = this.variables.length
      ? `(${this.variables.map((v) => `$${v.name}: ${v.type}${v.defaultText ? ` = ${v.defaultText}` : ''}`).join(', ')})`
      : '';
    const name = this.rng.chance(0.7) ? `query Q${this.rng.int(1, 9999)}${header} ` : header ? `query${header} ` : '';
    const text = [`${name}{ ${selection} }`, ...this.fragments].join('\n');
    return { text, variables: this.values, ...(this.page ? { page: this.page } : {}) };
  }

  private name(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }

  // ---- selections ----

  /** One field with its arguments and selection, or '' when it does not fit. */
  private field(parent: GraphQLObjectType, field: GraphQLField<unknown, unknown>, scope: Scope, ctx: Context): string {
    if (this.fieldsLeft <= 0) return '';
    this.fieldsLeft--;
    const snapshot = { variables: this.variables.length, page: this.page };
    const named = getNamedType(field.type);
    const returnsList = isListType(getNullableType(field.type));
    const isConnection = named.name.endsWith('Connection');
    const pageHere = isConnection && ctx.path !== null && !this.page && this.rng.chance(0.35);
    const pageVariable = pageHere ? this.name('after') : undefined;
    const args = this.arguments(parent, field, ctx, pageVariable);
    const argsText = args.text ? `(${args.text})` : '';
    const signature = `${String(field.type)}${argsText}`;

    let key = field.name;
    let alias = '';
    const seen = scope.keys.get(key);
    if ((seen && seen.signature !== signature) || (this.rng.chance(0.08) && this.aliases < MAX_ALIASES)) {
      if (this.aliases >= MAX_ALIASES) return this.rollback(snapshot);
      key = this.name(`${field.name}_`);
      alias = `${key}: `;
      this.aliases++;
    }
    const entry = scope.keys.get(key) ?? { signature, child: newScope() };
    scope.keys.set(key, entry);

    const childPath = ctx.path && !returnsList ? [...ctx.path, key] : null;
    let selection = '';
    if (!isLeafType(named)) {
      const child: Context = {
        hops: isConnection || named.name.endsWith('Edge') ? ctx.hops : ctx.hops + 1,
        multiplier: ctx.multiplier * (isConnection ? args.pageSize : returnsList ? 10 : 1),
        path: childPath,
        underAbstract: ctx.underAbstract,
      };
      const inner = isConnection
        ? this.connection(named as GraphQLObjectType, entry.child, child, pageHere)
        : this.selection(named as GraphQLObjectType | GraphQLInterfaceType, entry.child, child);
      selection = ` { ${inner} }`;
    }
    if (pageVariable && childPath)
      this.page = { variable: pageVariable, path: [...childPath, 'pageInfo', 'endCursor'] };
    return `${alias}${field.name}${argsText}${this.directive()}${selection}`;
  }

  private rollback(snapshot: { variables: number; page: GeneratedQuery['page'] }): string {
    for (const variable of this.variables.splice(snapshot.variables)) delete this.values[variable.name];
    this.page = snapshot.page;
    return '';
  }

  /** Sometimes `@include`/`@skip`, with a literal or a variable (with or without a default). */
  private directive(): string {
    if (this.directives >= MAX_DIRECTIVES || !this.rng.chance(0.07)) return '';
    this.directives++;
    const which = this.rng.chance(0.5) ? 'include' : 'skip';
    if (this.rng.chance(0.25)) return ` @${which}(if: ${this.rng.chance(0.5)})`;
    const name = this.name('b');
    if (this.rng.chance(0.4)) {
      this.variables.push({ name, type: 'Boolean', defaultText: String(this.rng.chance(0.5)) });
      if (this.rng.chance(0.5)) this.values[name] = this.rng.chance(0.5);
    } else {
      this.variables.push({ name, type: 'Boolean!' });
      this.values[name] = this.rng.chance(0.5);
    }
    return ` @${which}(if: $${name})`;
  }

  private selection(type: GraphQLObjectType | GraphQLInterfaceType, scope: Scope, ctx: Context): string {
    const parts: string[] = [];
    if (isInterfaceType(type)) {
      if (this.rng.chance(0.6)) parts.push(this.plain('id', 'ID!', scope));
      if (this.rng.chance(0.5)) parts.push('__typename');
      const possible = this.schema.getPossibleTypes(type);
      for (const object of this.rng.some(possible, 3)) {
        parts.push(this.fragment(object, scope, { ...ctx, underAbstract: true }));
      }
      if (this.rng.chance(0.1)) parts.push(this.fragment(type, scope, ctx));
      return parts.filter(Boolean).join(' ') || '__typename';
    }
    const fields = Object.values(type.getFields());
    for (const field of this.shuffle(fields)) {
      const named = getNamedType(field.type);
      if (isLeafType(named)) {
        if (this.rng.chance(0.35)) parts.push(this.field(type, field, scope, ctx));
        continue;
      }
      const chance = ctx.hops >= MAX_HOPS ? 0 : [0.4, 0.25, 0.12][ctx.hops]!;
      if (ctx.multiplier >= OBJECT_BUDGET || !this.rng.chance(chance)) continue;
      parts.push(this.field(type, field, scope, ctx));
      // The same field again under another alias, with other arguments.
      if (field.args.length && this.rng.chance(0.15)) parts.push(this.field(type, field, scope, ctx));
    }
    if (this.rng.chance(0.1)) parts.push('__typename');
    if (this.rng.chance(0.08)) parts.push(this.fragment(type, scope, ctx));
    if (ctx.hops > 0 && this.rng.chance(0.05) && type.getInterfaces().length) {
      parts.push(this.fragment(type.getInterfaces()[0]!, scope, ctx));
    }
    const text = parts.filter(Boolean).join(' ');
    return text || '__typename';
  }

  /** A field without arguments that needs no selection (`id`), kept once per scope. */
  private plain(name: string, type: string, scope: Scope): string {
    const seen = scope.keys.get(name);
    if (seen && seen.signature !== type) return '';
    scope.keys.set(name, seen ?? { signature: type, child: newScope() });
    return name;
  }

  /** An inline fragment or a named one (spread here, defined once), on `type`. */
  private fragment(type: GraphQLObjectType | GraphQLInterfaceType, scope: Scope, ctx: Context): string {
    const inner = this.selection(type, scope, ctx);
    const directive = this.directive();
    if (this.rng.chance(0.5)) return `... on ${type.name}${directive} { ${inner} }`;
    const name = this.name(`${type.name}Part`);
    this.fragments.push(`fragment ${name} on ${type.name} { ${inner} }`);
    return `...${name}${directive}`;
  }

  /** A connection's selection: some of totalCount, nodes, edges and pageInfo. */
  private connection(type: GraphQLObjectType, scope: Scope, ctx: Context, pageHere: boolean): string {
    const fields = type.getFields();
    const parts: string[] = [];
    if (pageHere) parts.push(`pageInfo { ${this.plain('endCursor', 'String', newScope())} hasNextPage }`);
    if (pageHere) scope.keys.set('pageInfo', { signature: 'fixed', child: newScope() });
    const nodeType = getNamedType(fields.nodes!.type) as GraphQLObjectType;
    const choices = this.shuffle(['totalCount', 'nodes', 'edges', 'pageInfo']);
    for (const choice of choices) {
      if (!this.rng.chance(choice === 'nodes' ? 0.6 : 0.4)) continue;
      if (choice === 'totalCount') parts.push(this.plain('totalCount', 'Int!', scope));
      else if (choice === 'pageInfo' && !pageHere) {
        const info = this.rng.some(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'], 4);
        parts.push(this.keyed('pageInfo', () => `pageInfo { ${info.join(' ')} }`, scope));
      } else if (choice === 'nodes') {
        const child = { ...ctx, path: null, hops: ctx.hops + 1 };
        parts.push(this.keyed('nodes', () => `nodes { ${this.selection(nodeType, newScope(), child)} }`, scope));
      } else if (choice === 'edges') {
        const child = { ...ctx, path: null, hops: ctx.hops + 1 };
        const edge = this.rng.chance(0.7) ? 'cursor ' : '';
        const withNode = this.rng.chance(0.85) || !edge;
        const node = () => (withNode ? `node { ${this.selection(nodeType, newScope(), child)} }` : '');
        parts.push(this.keyed('edges', () => `edges { ${edge}${node()} }`, scope));
      }
    }
    if (this.rng.chance(0.05)) parts.push('__typename');
    return parts.filter(Boolean).join(' ') || 'totalCount';
  }

  /** A selection under `key`, or under a fresh alias when the key is taken; built only when it fits. */
  private keyed(key: string, build: () => string, scope: Scope): string {
    if (!scope.keys.has(key)) {
      const text = build();
      scope.keys.set(key, { signature: text, child: newScope() });
      return text;
    }
    if (this.aliases >= MAX_ALIASES) return '';
    this.aliases++;
    const alias = this.name(`${key}_`);
    const text = build();
    scope.keys.set(alias, { signature: text, child: newScope() });
    return `${alias}: ${text}`;
  }

  private shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.rng.int(0, i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }

  // ---- arguments and values ----

  private arguments(
    parent: GraphQLObjectType,
    field: GraphQLField<unknown, unknown>,
    ctx: Context,
    pageVariable: string | undefined,
  ): { text: string; pageSize: number } {
    const parts: string[] = [];
    let pageSize = 20;
    for (const arg of this.shuffle(field.args)) {
      const where = `${parent.name}.${field.name}.${arg.name}`;
      if (arg.name === 'after') {
        if (pageVariable) {
          this.variables.push({ name: pageVariable, type: 'String' });
          parts.push(`after: $${pageVariable}`);
        } else if (this.rng.chance(0.03)) {
          parts.push(`after: ${JSON.stringify(this.rng.pick(['abc', 'eyJ4IjoxfQ', 'WyJ2MSIsIngiLDFd', '']))}`);
        }
        continue;
      }
      if (arg.name === 'first') {
        const max = ctx.multiplier === 1 ? 100 : Math.max(1, Math.min(100, Math.floor(OBJECT_BUDGET / ctx.multiplier)));
        if (max >= 20 && this.rng.chance(0.3)) continue;
        const sizes = this.rng.chance(0.1) ? [20, 50, 100] : [1, 2, 3, 5, 10];
        let first = this.rng.pick(sizes.filter((n) => n <= max).concat(1));
        if (this.rng.chance(0.03)) first = this.rng.pick([0, -1, 101]);
        pageSize = Math.max(first, 1);
        parts.push(`first: ${this.inline(first, arg, where)}`);
        continue;
      }
      if (!isNonNullType(arg.type) || arg.defaultValue !== undefined) {
        if (!this.rng.chance(0.45)) continue;
        if (!isNonNullType(arg.type) && this.rng.chance(0.04)) {
          parts.push(`${arg.name}: null`);
          continue;
        }
      }
      parts.push(`${arg.name}: ${this.inline(this.value(arg.type, where, false), arg, where)}`);
    }
    return { text: parts.join(', '), pageSize };
  }

  /** An argument's value as a literal or, sometimes, a variable (with or without a default). */
  private inline(value: unknown, arg: GraphQLArgument, where: string): string {
    return this.render(value, arg.type, where);
  }

  private render(value: unknown, type: GraphQLInputType, where: string): string {
    if (this.rng.chance(0.25)) return this.variable(value, type, where);
    const nullable = getNullableType(type);
    if (isInputObjectType(nullable) && value && typeof value === 'object' && !Array.isArray(value)) {
      const fields = nullable.getFields();
      const entries = Object.entries(value as Record<string, unknown>).map(
        ([name, v]) => `${name}: ${this.render(v, fields[name]!.type, `${where}.${name}`)}`,
      );
      return `{ ${entries.join(', ')} }`;
    }
    const ast = astFromValue(value, type);
    return ast ? print(ast) : 'null';
  }

  private variable(value: unknown, type: GraphQLInputType, where: string): string {
    const name = this.name('v');
    const typeText = String(type);
    if (!isNonNullType(type) && this.rng.chance(0.35)) {
      const ast = astFromValue(value, type);
      this.variables.push({ name, type: typeText, defaultText: ast ? print(ast) : 'null' });
      // Without a value the default applies; with one, the value does.
      if (this.rng.chance(0.5)) this.values[name] = where.endsWith('.first') ? value : this.value(type, where, false);
    } else {
      this.variables.push({ name, type: typeText });
      this.values[name] = value;
    }
    return `$${name}`;
  }

  /** A random value of `type` for the argument or input field at `where`. */
  value(type: GraphQLInputType, where: string, inList: boolean): unknown {
    const nullable = getNullableType(type);
    if (isListType(nullable)) {
      const itemType = nullable.ofType as GraphQLInputType;
      const named = getNamedType(itemType);
      if (isEnumType(named)) return this.rng.some(named.getValues(), 3).map((v) => v.name);
      return Array.from({ length: this.rng.int(1, 4) }, () => this.value(itemType, where, true));
    }
    const named = nullable as GraphQLNamedType;
    const last = where.split('.').at(-1)!;
    if (isInputObjectType(named)) return this.inputObject(named.name, where);
    if (isEnumType(named)) return this.rng.pick(named.getValues()).name;
    switch (named.name) {
      case 'ID':
        return this.id(ID_TYPES[where] ?? ID_TYPES[last] ?? 'any', inList);
      case 'DateTime':
        return this.date();
      case 'Boolean':
        return this.rng.chance(0.5);
      case 'Int':
        if (last === 'round') return this.rng.int(0, 3);
        return this.rng.int(0, 10);
      case 'Float':
        return this.rng.next() * 100;
      case 'String':
        if (last === 'round') return this.rng.chance(0.8) ? this.rng.pick(this.demo.rounds) : '决赛';
        return this.rng.pick(['嘉兴', '平湖', 'x', '']);
      default:
        throw new Error(`no values for ${named.name} at ${where}`);
    }
  }

  private inputObject(name: string, where: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const type = this.schema.getType(name);
    if (!isInputObjectType(type)) throw new Error(`${name} is not an input type`);
    const fields = Object.values(type.getFields());
    if (name === 'NearInput') {
      const [lat, lng] = this.rng.pick([
        [30.6761, 121.0153],
        [30.7522, 120.7555],
        [30.5, 120.6],
      ] as const);
      out.latitude = Math.round((lat + (this.rng.next() - 0.5) * 0.1) * 1e4) / 1e4;
      out.longitude = Math.round((lng + (this.rng.next() - 0.5) * 0.1) * 1e4) / 1e4;
      if (this.rng.chance(0.6)) out.radiusMeters = this.rng.pick([300, 1000, 3000, 10_000, 50_000]);
      if (this.rng.chance(0.03)) out.radiusMeters = this.rng.pick([0, 60_000, -5]);
      return out;
    }
    for (const field of this.shuffle(fields)) {
      if (!isNonNullType(field.type) && !this.rng.chance(0.4)) continue;
      if (field.name === 'search') out.search = this.rng.pick(SEARCH_WORDS[name] ?? ['x']);
      else out[field.name] = this.value(field.type, `${where}.${field.name}`, false);
    }
    return out;
  }

  private id(type: NodeType | 'any', inList: boolean): string {
    const known = NODE_TYPES.filter((t) => this.demo.ids[t].length);
    const real = type === 'any' ? this.rng.pick(known) : type;
    if (this.rng.chance(inList ? 0.8 : 0.88) && this.demo.ids[real].length) {
      if (real === 'Union' && this.rng.chance(0.7)) {
        const level = this.rng.pick(Object.keys(this.demo.unionsByLevel));
        return this.rng.pick(this.demo.unionsByLevel[level]!);
      }
      return this.rng.pick(this.demo.ids[real]);
    }
    switch (this.rng.int(0, 2)) {
      case 0:
        return this.rng.pick(['', 'x', '!!', 'VW5pb246', 'Union:1', '12345', gid('Nothing', 1), gid('Union', 0)]);
      case 1:
        return gid(real, 99_999_999);
      default:
        return this.rng.pick(this.demo.ids[this.rng.pick(known)]);
    }
  }

  /** An instant within about two months of now; now and then one the hub refuses. */
  private date(): string {
    if (this.rng.chance(0.01)) return this.rng.pick(['not-a-date', '1999-01-01T00:00:00Z', '2026-13-01T00:00:00Z']);
    const day = 86_400_000;
    const start = Math.floor(this.demo.now / day) * day - 16 * 3_600_000;
    return new Date(start + this.rng.int(-60, 60) * day + this.rng.pick([0, 0, 6, 12]) * 3_600_000).toISOString();
  }
}
