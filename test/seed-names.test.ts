import { describe, expect, it } from 'vitest';
import { generateDataset } from '../src/db/seeders/generate.js';

/**
 * The unique sibling-name indexes refuse a demo with duplicates, so the generator must
 * not make any, at any scale: `npm run seed -- --scale 10` gives the extra towns,
 * villages, firms and sites synthetic names. Compared as the indexes compare them.
 * (No server here: generating scale 10 blocks the event loop for seconds.)
 */
describe('the demo generator', () => {
  it.each([0.25, 1, 10])(
    'names no two sibling unions or sites of one union alike at scale %d',
    (scale) => {
      const data = generateDataset(scale);
      const key = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase();
      const unions = new Set(data.unions.map((u) => `${u.parentId}/${key(u.name)}`));
      const sites = new Set(data.sites.map((s) => `${s.unionId}/${key(s.name)}`));
      expect(unions.size).toBe(data.unions.length);
      expect(sites.size).toBe(data.sites.length);
    },
    60_000,
  );
});
