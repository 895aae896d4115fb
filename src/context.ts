import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Config } from './config.js';

/**
 * DataLoaders of one request, created on first use under a name that includes any
 * arguments that change the answer, so equal questions in one request share a batch.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
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
  /** A fork of the EntityManager for this request only; resolvers are singletons. */
  em: EntityManager;
  loaders: Loaders;
  config: Config;
}

/**
 * A subscription keeps one context for hours; each event gets a fresh EntityManager fork
 * and fresh loaders, so it reads committed rows and caches nothing across events.
 * Events of one subscription are resolved one after another, so renewing in place is safe.
 */
export function renewForEvent(ctx: Context): void {
  ctx.em = ctx.em.fork();
  ctx.loaders = new Loaders();
}

export function createContext(em: EntityManager, config: Config): Context {
  return { em: em.fork(), loaders: new Loaders(), config } satisfies Context;
}
