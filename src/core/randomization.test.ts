import { describe, expect, it } from 'vitest';
import { allocate, designIssues, drawBlock, parseStratumKey, stratumKey, type ArmRatio, type Random, type StratumState } from './randomization.ts';

/** A small deterministic generator (mulberry32): the same seed gives the same sequence. */
function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cti: ArmRatio[] = [
  { key: 'cti', ratio: 1 },
  { key: 'naloxone_only', ratio: 1 },
];

function count(arms: readonly string[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const a of arms) c[a] = (c[a] ?? 0) + 1;
  return c;
}

/** Runs n allocations in one stratum, returning each with its block number. */
function run(n: number, arms: readonly ArmRatio[], sizes: readonly number[], random: Random) {
  let state: StratumState | null = null;
  const out: { arm: string; block: number; blockSize: number }[] = [];
  for (let i = 0; i < n; i++) {
    const wasEmpty: boolean = state === null || state.remaining.length === 0;
    const a = allocate(state, arms, sizes, random);
    const blockSize = wasEmpty ? a.next.remaining.length + 1 : (out.at(-1)?.blockSize ?? 0);
    out.push({ arm: a.arm, block: a.blockNumber, blockSize });
    state = a.next;
  }
  return out;
}

describe('permuted blocks', () => {
  it('every completed block of a 1:1 study with sizes {2,4,6} holds as many of each arm', () => {
    const allocations = run(600, cti, [2, 4, 6], seeded(42));
    const blocks = new Map<number, { arms: string[]; size: number }>();
    for (const a of allocations) {
      const b = blocks.get(a.block) ?? { arms: [], size: a.blockSize };
      b.arms.push(a.arm);
      blocks.set(a.block, b);
    }
    let completed = 0;
    for (const b of blocks.values()) {
      if (b.arms.length < b.size) continue; // the last block may still be open
      completed++;
      expect(b.arms.length).toBe(b.size);
      expect(count(b.arms)).toEqual({ cti: b.size / 2, naloxone_only: b.size / 2 });
    }
    expect(completed).toBeGreaterThan(50);
    // Never more than half the largest block apart at any point.
    let diff = 0;
    for (const a of allocations) {
      diff += a.arm === 'cti' ? 1 : -1;
      expect(Math.abs(diff)).toBeLessThanOrEqual(3);
    }
  });

  it('all configured sizes occur, and no other', () => {
    const random = seeded(7);
    const sizes = new Set<number>();
    for (let i = 0; i < 200; i++) sizes.add(drawBlock(cti, [2, 4, 6], random).length);
    expect([...sizes].sort()).toEqual([2, 4, 6]);
  });

  it('unequal ratios: 2:1 with sizes {3,6} gives two of the first arm for each of the second in every block', () => {
    const arms = [
      { key: 'a', ratio: 2 },
      { key: 'b', ratio: 1 },
    ];
    const random = seeded(3);
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) {
      const block = drawBlock(arms, [3, 6], random);
      seen.add(block.length);
      expect(count(block)).toEqual({ a: (block.length * 2) / 3, b: block.length / 3 });
    }
    expect([...seen].sort()).toEqual([3, 6]);
  });

  it('the order within blocks varies (not always the same permutation)', () => {
    const random = seeded(11);
    const orders = new Set<string>();
    for (let i = 0; i < 50; i++) orders.add(drawBlock(cti, [4], random).join(','));
    expect(orders.size).toBe(6); // all C(4,2) orders of a 4-block occur
  });

  it('the same seed gives the same sequence', () => {
    expect(run(30, cti, [2, 4, 6], seeded(5))).toEqual(run(30, cti, [2, 4, 6], seeded(5)));
  });

  it('takes the next slot of the current block without drawing', () => {
    const a = allocate({ remaining: ['naloxone_only', 'cti'], blockNumber: 4 }, cti, [2, 4], () => {
      throw new Error('must not draw');
    });
    expect(a).toEqual({ arm: 'naloxone_only', next: { remaining: ['cti'], blockNumber: 4 }, blockNumber: 4 });
  });

  it('refuses a random source outside [0, 1)', () => {
    expect(() => drawBlock(cti, [2], () => 1)).toThrow(/\[0, 1\)/);
  });
});

describe('design checks', () => {
  it('names each problem', () => {
    expect(designIssues([{ key: 'a', ratio: 1 }], [2])).toEqual([{ path: 'arms', message: 'A study needs at least two arms' }]);
    expect(designIssues([{ key: 'a', ratio: 2 }, { key: 'a', ratio: 0 }], [2, 3, 3]).map((i) => i.path)).toEqual([
      'arms.1.key',
      'arms.1.ratio',
      'blockSizes.1',
      'blockSizes.2',
      'blockSizes.2',
    ]);
    expect(designIssues(cti, [])).toEqual([{ path: 'blockSizes', message: 'At least one block size' }]);
    expect(designIssues(cti, [2, 4, 6])).toEqual([]);
  });
});

describe('stratum key', () => {
  it('lists each factor in the study order, unknown for a missing value', () => {
    expect(stratumKey(['site', 'gender'], { site: 'abc', gender: 'woman' })).toBe('site=abc|gender=woman');
    expect(stratumKey(['gender', 'site'], { site: 'abc', gender: null })).toBe('gender=unknown|site=abc');
    expect(stratumKey([], { site: 'abc' })).toBe('all');
  });

  it('two people with the same factor values share a stratum; other attributes do not matter', () => {
    const a = stratumKey(['referral_source'], { referral_source: 'jail_in_reach', site: 'x' });
    const b = stratumKey(['referral_source'], { referral_source: 'jail_in_reach', site: 'y' });
    expect(a).toBe(b);
  });

  it('parses back', () => {
    expect(parseStratumKey('site=abc|gender=woman')).toEqual([
      { factor: 'site', value: 'abc' },
      { factor: 'gender', value: 'woman' },
    ]);
    expect(parseStratumKey('all')).toEqual([]);
  });
});
