import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { MutationCall } from './audit/mutation-call.js';
import type { Viewer } from './auth/token.js';
import { collectReads } from './common/read-scope.js';
import type { Config } from './config.js';
import type { EventHub } from './live/event-hub.js';
import type { RequestOrigin } from './ops/index.js';

/**
 * DataLoaders of one request, created on first use under a name that includes any
 * arguments that change the answer, so equal questions in one request share a batch.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  /** `batch` may answer a key with an Error (a refused cursor), which rejects that key's load alone. */
  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      // No batch size cap: a capped batch would make the statement count grow with the data.
      loader = new DataLoader<K, V>(batch);
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** Forget cached answers after a write, so the rest of the request reads fresh rows. */
  clearAll(): void {
    for (const loader of this.loaders.values()) loader.clearAll();
  }
}

export interface Context {
  /**
   * A fork of the EntityManager for this request only (for a live event, the event's own:
   * see eventContext); resolvers are singletons.
   */
  em: EntityManager;
  loaders: Loaders;
  config: Config;
  /** This instance's event log reader, for subscriptions. */
  events: EventHub;
  /** The signed-in staff member; null for anonymous readers. */
  viewer: Viewer | null;
  /**
   * The request's ids as the logs name them, kept in the audit entries of its mutations;
   * null while a subscription resolves its events, which never write.
   */
  origin: RequestOrigin | null;
  /** Set only in the context a Mutation field's own resolver gets (audit/mutation-call.ts). */
  mutation?: MutationCall;
}

export function createContext(
  em: EntityManager,
  config: Config,
  events: EventHub,
  viewer: Viewer | null = null,
  origin: RequestOrigin | null = null,
): Context {
  const fork = em.fork();
  // Every statement the request sends through query() reports what it read, for the response cache.
  collectReads(fork);
  return { em: fork, loaders: new Loaders(), config, events, viewer, origin } satisfies Context;
}
