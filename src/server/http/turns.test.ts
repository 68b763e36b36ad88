import { afterEach, describe, expect, it, vi } from 'vitest';
import { Busy } from './errors.ts';
import { Turns } from './turns.ts';

const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

afterEach(() => vi.useRealTimers());

describe('Turns', () => {
  it('runs at most so many at once, the others in arrival order', async () => {
    const turns = new Turns(2, 60_000);
    const started: string[] = [];
    const gates = { a: deferred(), b: deferred(), c: deferred(), d: deferred() };
    const runs = (Object.keys(gates) as (keyof typeof gates)[]).map((k) =>
      turns.run(async () => {
        started.push(k);
        await gates[k].promise;
        return k;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    expect(turns.queued).toBe(2);
    gates.b.resolve();
    await vi.waitFor(() => expect(started).toEqual(['a', 'b', 'c']));
    gates.a.resolve();
    gates.c.resolve();
    gates.d.resolve();
    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c', 'd']);
    expect(turns.queued).toBe(0);
  });

  it('answers busy one that waited too long, without running it, and gives a failed run its turn back', async () => {
    vi.useFakeTimers();
    const turns = new Turns(1, 5_000);
    const first = deferred();
    const running = turns.run(() => first.promise);
    let ranLate = false;
    const late = turns.run(async () => {
      ranLate = true;
    });
    vi.advanceTimersByTime(5_000);
    await expect(late).rejects.toBeInstanceOf(Busy);
    expect(ranLate).toBe(false);
    expect(turns.queued).toBe(0);
    first.resolve();
    await running;
    await expect(turns.run(() => Promise.reject(new Error('statement timeout')))).rejects.toThrow('statement timeout');
    expect(await turns.run(async () => 'next')).toBe('next');
  });
});
