import { describe, expect, it } from 'vitest';
import type { DashboardFigures } from '../../core/reports.ts';
import { FiguresCache, figuresKey, rowsIn, TableVersions, type KeptQuery } from './figures-cache.ts';

const figures = (n: number) => ({ n }) as unknown as DashboardFigures;
const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
const at = (versions: Record<string, number>) => new TableVersions(new Map(Object.entries(versions).map(([t, v]) => [t, String(v)])));
const TABLES = ['contacts', 'referrals'];

/** Figures made of two queries, one on contacts and one on referrals, counting how often each runs. */
function twoQueries() {
  const runs = { contacts: 0, referrals: 0, figures: 0 };
  const compute = async (kept: KeptQuery) => {
    runs.figures++;
    const [c, r] = await Promise.all([
      kept('contacts', ['contacts'], async () => ++runs.contacts),
      kept('referrals', ['referrals'], async () => ++runs.referrals),
    ]);
    return figures(c * 100 + r);
  };
  return { runs, compute };
}

describe('FiguresCache', () => {
  it('answers from memory while the tables are unchanged, and runs only the queries whose tables changed', async () => {
    const cache = new FiguresCache();
    const { runs, compute } = twoQueries();
    expect(await cache.figures('k', at({ contacts: 1, referrals: 1 }), TABLES, compute)).toEqual({ n: 101 });
    expect(await cache.figures('k', at({ contacts: 1, referrals: 1 }), TABLES, compute)).toEqual({ n: 101 });
    expect(runs).toEqual({ contacts: 1, referrals: 1, figures: 1 });
    // A contact logged: the figures are put together again, the referrals' result reused.
    expect(await cache.figures('k', at({ contacts: 2, referrals: 1 }), TABLES, compute)).toEqual({ n: 201 });
    expect(runs).toEqual({ contacts: 2, referrals: 1, figures: 2 });
    // A table never changed before (no version yet) changing counts as a change.
    const fresh = new FiguresCache();
    const second = twoQueries();
    await fresh.figures('k', at({}), TABLES, second.compute);
    expect(await fresh.figures('k', at({ referrals: 5 }), TABLES, second.compute)).toEqual({ n: 102 });
    expect(second.runs).toEqual({ contacts: 1, referrals: 2, figures: 2 });
  });

  it('lets concurrent asks share one computation', async () => {
    const cache = new FiguresCache();
    const d = deferred<DashboardFigures>();
    let runs = 0;
    const compute = () => {
      runs++;
      return d.promise;
    };
    const a = cache.figures('k', at({ contacts: 1 }), TABLES, compute);
    const b = cache.figures('k', at({ contacts: 1 }), TABLES, compute);
    d.resolve(figures(7));
    expect(await Promise.all([a, b])).toEqual([{ n: 7 }, { n: 7 }]);
    expect(runs).toBe(1);
  });

  it('runs again what was computed under older versions, and keeps no failure', async () => {
    const cache = new FiguresCache();
    const slow = deferred<DashboardFigures>();
    const during = cache.figures('k', at({ contacts: 1 }), TABLES, () => slow.promise);
    // A change committed meanwhile: the next request reads the new version and does not share the run.
    const after = cache.figures('k', at({ contacts: 2 }), TABLES, async () => figures(2));
    slow.resolve(figures(1));
    expect(await during).toEqual({ n: 1 });
    expect(await after).toEqual({ n: 2 });
    expect(await cache.figures('k', at({ contacts: 2 }), TABLES, async () => figures(99))).toEqual({ n: 2 });

    const failing = deferred<number>();
    const { runs, compute } = twoQueries();
    const failed = cache.figures('f', at({}), TABLES, (kept) => kept('contacts', ['contacts'], () => failing.promise).then(figures));
    failing.reject(new Error('statement timeout'));
    await expect(failed).rejects.toThrow('statement timeout');
    // Neither the figures nor the failed query were kept.
    expect(await cache.figures('f', at({}), TABLES, compute)).toEqual({ n: 101 });
    expect(runs).toEqual({ contacts: 1, referrals: 1, figures: 1 });
  });

  it('drops the least recently used figures when full', async () => {
    const cache = new FiguresCache(2);
    const v = at({ contacts: 1 });
    await cache.figures('a', v, TABLES, async () => figures(1));
    await cache.figures('b', v, TABLES, async () => figures(2));
    await cache.figures('a', v, TABLES, async () => figures(99));
    await cache.figures('c', v, TABLES, async () => figures(3));
    expect(cache.size).toBe(2);
    expect(await cache.figures('a', v, TABLES, async () => figures(99))).toEqual({ n: 1 });
    expect(await cache.figures('b', v, TABLES, async () => figures(4))).toEqual({ n: 4 });
  });

  it('bounds the rows of kept query results, dropping those of the least recently used figures first', async () => {
    const cache = new FiguresCache(10, 250);
    const runs: string[] = [];
    const compute = (key: string) => async (kept: KeptQuery) => {
      const rows = await kept('contacts', ['contacts'], async () => {
        runs.push(key);
        return Array.from({ length: 100 }, (_, i) => i);
      });
      return figures(rows.length);
    };
    const v1 = at({ contacts: 1 });
    for (const key of ['a', 'b']) await cache.figures(key, v1, TABLES, compute(key));
    expect(cache.keptRows).toBe(200);
    // A third set of figures goes past 250 rows: the least recently used ('a') loses its query results, not its figures.
    await cache.figures('c', v1, TABLES, compute('c'));
    expect(cache.keptRows).toBe(200);
    expect(await cache.figures('a', v1, TABLES, compute('a'))).toEqual({ n: 100 });
    expect(runs).toEqual(['a', 'b', 'c']);
    // After a change, 'a' runs its query again while 'c' reuses its own.
    const v2 = at({ contacts: 1, referrals: 2 });
    await cache.figures('a', v2, TABLES, compute('a'));
    await cache.figures('c', v2, TABLES, compute('c'));
    expect(runs).toEqual(['a', 'b', 'c', 'a']);
    expect(rowsIn({ cells: [1, 2, 3], peopleReached: 7 })).toBe(4);
    // Marginals within a result: each set's rows count.
    expect(rowsIn({ people: { bySite: [1, 2], byKeys: [3], byArms: [] }, months: [1, 2, 3], peopleReached: 7 })).toBe(7);
  });

  it('keys on everything the figures depend on, whatever the order of the sites', () => {
    const base = { siteIds: ['s2', 's1'], suppress: false, today: '2026-12-02', timeZone: 'America/Chicago', from: '2026-01-01', to: '2026-12-31' };
    expect(figuresKey(base)).toBe(figuresKey({ ...base, siteIds: ['s1', 's2'] }));
    for (const other of [{ suppress: true }, { today: '2026-12-03' }, { siteIds: ['s1'] }, { from: '2026-02-01' }, { to: '2026-11-30' }, { timeZone: 'UTC' }]) {
      expect(figuresKey({ ...base, ...other })).not.toBe(figuresKey(base));
    }
  });
});
