/**
 * How far the server's heap may grow between full garbage collections.
 *
 * V8 lets the old generation grow to up to four times what survived the last full
 * collection whenever the process may use 2 GB or more, which it may on any machine
 * with 16 GB. A streamed export passes gigabytes of short-lived rows through the old
 * generation (a page's rows outlive two young collections while it is written), so at a
 * state's size the server's RSS reached 460–500 MB with 65 MB of it live. A fixed
 * growth of 1.8 times keeps that export near 330 MB for about 5% more CPU
 * (docs/performance.md, findings of 2026-12-06, late morning). V8 reads the flag at
 * every full collection, so setting it once the process runs takes effect.
 */
import { setFlagsFromString } from 'node:v8';

/** The heap may grow to (1 + this / 100) times what survived the last full collection. */
export const HEAP_GROWING_PERCENT = 80;

export function limitHeapGrowth(percent: number = HEAP_GROWING_PERCENT): void {
  setFlagsFromString(`--heap-growing-percent=${String(percent)}`);
}
