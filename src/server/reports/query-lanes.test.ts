import { describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../db/database.ts';
import { extraConnectionsOf, QueryLanes, type ExtraConnections } from './query-lanes.ts';

/** A connection is only a name here: each query says which lane ran it. */
const connection = (name: string) => ({ name }) as unknown as Queryable;
const nameOf = (q: Queryable) => (q as unknown as { name: string }).name;
const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

/** Extra connections that open at once, as many as given, counting how many opened. */
function extras(count: number): ExtraConnections & { opened: number } {
  const fake = {
    opened: 0,
    available: () => count,
    open: async (work: (q: Queryable) => Promise<void>) => {
      fake.opened += 1;
      await work(connection(`extra${String(fake.opened)}`));
    },
  };
  return fake;
}

describe('query lanes', () => {
  it('run every query on the request’s connection, in the order queued, when no other connection is given', async () => {
    const order: string[] = [];
    const lanes = new QueryLanes(connection('primary'), undefined, () => Promise.resolve());
    const results = Promise.all(
      ['a', 'b', 'c'].map((key) =>
        lanes.run(async (q) => {
          order.push(`${key}@${nameOf(q)}`);
          await tick();
          return key.toUpperCase();
        }),
      ),
    );
    lanes.start();
    expect(await results).toEqual(['A', 'B', 'C']);
    expect(order).toEqual(['a@primary', 'b@primary', 'c@primary']);
  });

  it('spread the queries over the extra connections, each prepared first, every query run once', async () => {
    const prepared: string[] = [];
    const ran: string[] = [];
    const extra = extras(2);
    const lanes = new QueryLanes(connection('primary'), extra, (q) => {
      prepared.push(nameOf(q));
      return Promise.resolve();
    });
    const results = Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        lanes.run(async (q) => {
          await tick();
          ran.push(nameOf(q));
          return i;
        }),
      ),
    );
    lanes.start();
    expect(await results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(ran).toHaveLength(9);
    expect(new Set(ran)).toEqual(new Set(['primary', 'extra1', 'extra2']));
    expect(prepared.sort()).toEqual(['extra1', 'extra2']);
  });

  it('open no more extra connections than there are queries beyond the first', async () => {
    const extra = extras(5);
    const lanes = new QueryLanes(connection('primary'), extra, () => Promise.resolve());
    const results = Promise.all([lanes.run(() => Promise.resolve(1)), lanes.run(() => Promise.resolve(2))]);
    lanes.start();
    expect(await results).toEqual([1, 2]);
    expect(extra.opened).toBe(1);
  });

  it('leave the queries to the request’s connection when an extra one cannot open', async () => {
    const failing: ExtraConnections = { available: () => 1, open: () => Promise.reject(new Error('timeout exceeded when trying to connect')) };
    const ran: string[] = [];
    const lanes = new QueryLanes(connection('primary'), failing, () => Promise.resolve());
    const results = Promise.all(
      [1, 2, 3].map((n) =>
        lanes.run(async (q) => {
          await tick();
          ran.push(nameOf(q));
          return n;
        }),
      ),
    );
    lanes.start();
    expect(await results).toEqual([1, 2, 3]);
    expect(ran).toEqual(['primary', 'primary', 'primary']);
  });

  it('refuse what is still queued once a query fails, with that failure, and run nothing more', async () => {
    const ran: number[] = [];
    const lanes = new QueryLanes(connection('primary'), undefined, () => Promise.resolve());
    const outcomes = Promise.allSettled(
      [1, 2, 3].map((n) =>
        lanes.run(() => {
          ran.push(n);
          return n === 2 ? Promise.reject(new Error('canceling statement due to statement timeout')) : Promise.resolve(n);
        }),
      ),
    );
    lanes.start();
    const settled = await outcomes;
    expect(ran).toEqual([1, 2]);
    expect(settled[0]).toEqual({ status: 'fulfilled', value: 1 });
    expect(settled[1]).toMatchObject({ status: 'rejected', reason: { message: 'canceling statement due to statement timeout' } });
    expect(settled[2]).toMatchObject({ status: 'rejected', reason: { message: 'canceling statement due to statement timeout' } });
  });

  it('take no query queued after the start', () => {
    const lanes = new QueryLanes(connection('primary'), undefined, () => Promise.resolve());
    lanes.start();
    expect(() => lanes.run(() => Promise.resolve(1))).toThrow(/before start/);
  });
});

describe('extra connections of a database', () => {
  const database = (spare: number) => ({ spareConnections: () => spare }) as unknown as Database;

  it('are as many as the lanes allow beside the request’s own, leaving one spare connection for others', () => {
    expect(extraConnectionsOf(database(9), 2).available()).toBe(1);
    expect(extraConnectionsOf(database(9), 4).available()).toBe(3);
    expect(extraConnectionsOf(database(3), 8).available()).toBe(2);
    expect(extraConnectionsOf(database(1), 2).available()).toBe(0);
    expect(extraConnectionsOf(database(0), 2).available()).toBe(0);
    expect(extraConnectionsOf(database(9), 1).available()).toBe(0);
  });
});
