/**
 * Stratified permuted-block randomization, as pure functions.
 *
 * Each stratum (a combination of the study's factor values, e.g. site × gender)
 * has its own sequence of blocks. A block's size is drawn at random from the
 * study's configured sizes, each a multiple of the arms' ratio total; within a
 * block every arm appears exactly `ratio × size / total` times, in a random order
 * (Fisher–Yates). The next participant of the stratum takes the block's next slot;
 * when the block is used up a new one is drawn. Varying the block size keeps staff
 * from guessing the last allocations of a block.
 *
 * The source of randomness is injected (`Random`: a number in [0, 1)), so tests
 * are deterministic; the server passes a cryptographic one.
 */

export interface ArmRatio {
  key: string;
  ratio: number;
}

/** A number in [0, 1), like Math.random. */
export type Random = () => number;

export interface DesignIssue {
  path: string;
  message: string;
}

export function ratioTotal(arms: readonly ArmRatio[]): number {
  return arms.reduce((sum, a) => sum + a.ratio, 0);
}

/** What is wrong with a design (arms and block sizes), by field; empty when it can be used. */
export function designIssues(arms: readonly ArmRatio[], blockSizes: readonly number[]): DesignIssue[] {
  const issues: DesignIssue[] = [];
  if (arms.length < 2) issues.push({ path: 'arms', message: 'A study needs at least two arms' });
  const seen = new Set<string>();
  arms.forEach((a, i) => {
    if (seen.has(a.key)) issues.push({ path: `arms.${String(i)}.key`, message: 'Each arm needs its own key' });
    seen.add(a.key);
    if (!Number.isInteger(a.ratio) || a.ratio < 1) issues.push({ path: `arms.${String(i)}.ratio`, message: 'A whole number of at least 1' });
  });
  const total = ratioTotal(arms);
  if (blockSizes.length === 0) issues.push({ path: 'blockSizes', message: 'At least one block size' });
  const sizes = new Set<number>();
  blockSizes.forEach((s, i) => {
    if (sizes.has(s)) issues.push({ path: `blockSizes.${String(i)}`, message: 'Each block size once' });
    sizes.add(s);
    if (total > 0 && (!Number.isInteger(s) || s < total || s % total !== 0)) {
      issues.push({ path: `blockSizes.${String(i)}`, message: `A multiple of the arms' ratio total (${String(total)})` });
    }
  });
  return issues;
}

/** An integer in [0, n). */
function pick(random: Random, n: number): number {
  const r = random();
  if (!(r >= 0 && r < 1)) throw new Error('random() must return a number in [0, 1)');
  return Math.floor(r * n);
}

/** A new block: its size drawn from `blockSizes`, each arm `ratio × size / total` times, shuffled. */
export function drawBlock(arms: readonly ArmRatio[], blockSizes: readonly number[], random: Random): string[] {
  const issues = designIssues(arms, blockSizes);
  if (issues.length > 0) throw new Error(`Invalid design: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const size = blockSizes[pick(random, blockSizes.length)] ?? 0;
  const per = size / ratioTotal(arms);
  const block = arms.flatMap((a) => Array.from({ length: a.ratio * per }, () => a.key));
  for (let i = block.length - 1; i > 0; i--) {
    const j = pick(random, i + 1);
    const t = block[i] as string;
    block[i] = block[j] as string;
    block[j] = t;
  }
  return block;
}

export interface StratumState {
  /** The current block's slots not yet used, in order. */
  remaining: string[];
  /** How many blocks this stratum has drawn (1 for the first). */
  blockNumber: number;
}

export interface Allocation {
  arm: string;
  /** The stratum's state after this allocation. */
  next: StratumState;
  /** The block this allocation came from. */
  blockNumber: number;
}

/** The next allocation of a stratum: the current block's next slot, or the first slot of a newly drawn block. */
export function allocate(state: StratumState | null, arms: readonly ArmRatio[], blockSizes: readonly number[], random: Random): Allocation {
  let remaining = state?.remaining ?? [];
  let blockNumber = state?.blockNumber ?? 0;
  if (remaining.length === 0) {
    remaining = drawBlock(arms, blockSizes, random);
    blockNumber += 1;
  }
  const [arm, ...rest] = remaining;
  if (arm === undefined) throw new Error('empty block');
  return { arm, next: { remaining: rest, blockNumber }, blockNumber };
}

/** Attributes a study may stratify by: from the participant and their open enrollment. */
export const STRATUM_FACTORS = ['site', 'referral_source', 'gender', 'custody_status'] as const;
export type StratumFactor = (typeof STRATUM_FACTORS)[number];

/** A missing value (e.g. gender not recorded) is a stratum of its own. */
export const UNKNOWN_VALUE = 'unknown';

/**
 * The stratum key: each factor in the study's order with its value,
 * `factor=value` joined by `|` (e.g. `site=…|gender=woman`); `all` for a study
 * with no factors.
 */
export function stratumKey(factors: readonly StratumFactor[], values: Partial<Record<StratumFactor, string | null>>): string {
  if (factors.length === 0) return 'all';
  return factors.map((f) => `${f}=${values[f] ?? UNKNOWN_VALUE}`).join('|');
}

/** The key back into its parts (for display). */
export function parseStratumKey(key: string): { factor: string; value: string }[] {
  if (key === 'all') return [];
  return key.split('|').map((part) => {
    const at = part.indexOf('=');
    return { factor: part.slice(0, at), value: part.slice(at + 1) };
  });
}
