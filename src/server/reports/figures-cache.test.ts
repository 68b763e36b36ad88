import { describe, expect, it } from 'vitest';
import type { DashboardFigures } from '../../core/reports.ts';
import { FiguresCache, figuresKey } from './figures-cache.ts';

const figures = (n: number) => ({ n }) as unknown as DashboardFigures;
const deferred = () => {
  let resolve!: (f: DashboardFigures) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<DashboardFigures>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

describe('FiguresCache', () => {
  it('computes once, answers again from memory, and computes afresh after a change', async () => {
    let now = 0;
    const cache = new FiguresCache(60_000, 10, () => now);
    let runs = 0;
    const compute = async () => figures(++runs);
    expect(await cache.get('k', compute)).toEqual({ n: 1 });
    expect(await cache.get('k', compute)).toEqual({ n: 1 });
    cache.invalidate();
    expect(await cache.get('k', compute)).toEqual({ n: 2 });
    now = 59_999;
    expect(await cache.get('k', compute)).toEqual({ n: 2 });
    now = 60_000;
    expect(await cache.get('k', compute)).toEqual({ n: 3 });
  });

  it('lets concurrent asks share one computation', async () => {
    const cache = new FiguresCache();
    const d = deferred();
    let runs = 0;
    const compute = () => {
      runs++;
      return d.promise;
    };
    const a = cache.get('k', compute);
    const b = cache.get('k', compute);
    d.resolve(figures(7));
    expect(await Promise.all([a, b])).toEqual([{ n: 7 }, { n: 7 }]);
    expect(runs).toBe(1);
  });

  it('does not keep figures computed across a change, nor a failure', async () => {
    const cache = new FiguresCache();
    const slow = deferred();
    const during = cache.get('k', () => slow.promise);
    cache.invalidate();
    slow.resolve(figures(1));
    expect(await during).toEqual({ n: 1 });
    expect(await cache.get('k', async () => figures(2))).toEqual({ n: 2 });

    const failing = deferred();
    const failed = cache.get('f', () => failing.promise);
    failing.reject(new Error('statement timeout'));
    await expect(failed).rejects.toThrow('statement timeout');
    expect(await cache.get('f', async () => figures(3))).toEqual({ n: 3 });
  });

  it('drops the least recently used entry when full', async () => {
    const cache = new FiguresCache(60_000, 2);
    await cache.get('a', async () => figures(1));
    await cache.get('b', async () => figures(2));
    await cache.get('a', async () => figures(99));
    await cache.get('c', async () => figures(3));
    expect(cache.size).toBe(2);
    expect(await cache.get('a', async () => figures(99))).toEqual({ n: 1 });
    expect(await cache.get('b', async () => figures(4))).toEqual({ n: 4 });
  });

  it('keys on everything the figures depend on, whatever the order of the sites', () => {
    const base = { siteIds: ['s2', 's1'], suppress: false, today: '2026-12-02', timeZone: 'America/Chicago', from: '2026-01-01', to: '2026-12-31' };
    expect(figuresKey(base)).toBe(figuresKey({ ...base, siteIds: ['s1', 's2'] }));
    for (const other of [{ suppress: true }, { today: '2026-12-03' }, { siteIds: ['s1'] }, { from: '2026-02-01' }, { to: '2026-11-30' }, { timeZone: 'UTC' }]) {
      expect(figuresKey({ ...base, ...other })).not.toBe(figuresKey(base));
    }
  });
});
