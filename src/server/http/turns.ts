/**
 * At most `atOnce` runs of some heavy work at a time; the others wait their turn in
 * arrival order, and one that waited `maxWaitMs` is answered 503 busy (`Busy`), having
 * done nothing. Throughput is the same on a machine whose cores the work already fills,
 * but memory holds a few runs' rows instead of one per pooled connection, and the
 * waiting requests hold no database connection, which other requests need meanwhile.
 */
import { Busy } from './errors.ts';

interface Waiting {
  start(): void;
  timer: NodeJS.Timeout;
}

export class Turns {
  private running = 0;
  private readonly waiting: Waiting[] = [];

  constructor(
    private readonly atOnce: number,
    private readonly maxWaitMs: number,
  ) {}

  /** How many wait for a turn now. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.atOnce) this.running += 1;
    else await this.turn();
    try {
      return await work();
    } finally {
      // The turn passes straight to the longest waiting, or is given back.
      const next = this.waiting.shift();
      if (next) next.start();
      else this.running -= 1;
    }
  }

  private turn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiting: Waiting = {
        start: () => {
          clearTimeout(waiting.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiting), 1);
          reject(new Busy());
        }, this.maxWaitMs),
      };
      this.waiting.push(waiting);
    });
  }
}
