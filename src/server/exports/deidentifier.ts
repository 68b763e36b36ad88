/**
 * Pseudonyms and dates for the de-identified analysis export (exports.service.ts).
 *
 * What it guarantees: a record's id becomes a prefix and 64 bits of HMAC-SHA256
 * of "prefix:id" under the program's secret (the same bytes as createHmac), so the
 * same record has the same pseudonym in every file and every export, and none can
 * be reversed without the secret. Every date of a participant moves by that
 * person's own offset (−182…+182 days, never 0, from the same secret: intervals
 * within one person stay exact), or, when asked, is cut to YYYY-MM. The secret is
 * never written anywhere by this module.
 */
import { createHash, type Hash } from 'node:crypto';
import { MAX_DATE_SHIFT_DAYS, type AnalysisDates } from '../../core/exports.ts';

const HMAC_BLOCK = 64;

export class Deidentifier {
  private readonly people = new Map<string, { id: string; offset: number }>();
  private readonly staffIds = new Map<string, string>();
  private readonly siteIds = new Map<string, string>();
  /** Day numbers of the dates seen, and dates of the day numbers: a program has a few thousand distinct days, and every row has dates. */
  private readonly dayNumbers = new Map<string, number>();
  private readonly days = new Map<number, string>();

  /** HMAC-SHA256's two keyed hash states, prepared once: each pseudonym then costs two hash copies, not a key schedule. */
  private readonly inner: Hash;
  private readonly outer: Hash;

  constructor(
    secret: string,
    readonly dates: AnalysisDates,
  ) {
    // RFC 2104 by hand (the same bytes as createHmac('sha256', secret)), so ids stay what earlier exports made them.
    let key = Buffer.from(secret, 'utf8');
    if (key.length > HMAC_BLOCK) key = createHash('sha256').update(key).digest();
    const block = Buffer.alloc(HMAC_BLOCK);
    key.copy(block);
    this.inner = createHash('sha256').update(block.map((b) => b ^ 0x36));
    this.outer = createHash('sha256').update(block.map((b) => b ^ 0x5c));
  }

  /** HMAC-SHA256(secret, text). */
  mac(text: string): Buffer {
    return this.outer.copy().update(this.inner.copy().update(text).digest()).digest();
  }

  /** A record's pseudonymous id: a prefix and 16 hex digits (64 bits) of HMAC-SHA256. */
  record(prefix: string, id: string): string {
    return `${prefix}${this.mac(`${prefix}:${id}`).toString('hex', 0, 8)}`;
  }

  /** Staff and sites: few, so remembered. */
  private cached(prefix: 'S' | 'X', id: string | null): string {
    if (id === null) return '';
    // One map per prefix: no key string to build for each of millions of rows.
    const known = prefix === 'S' ? this.staffIds : this.siteIds;
    let v = known.get(id);
    if (v === undefined) {
      v = this.record(prefix, id);
      known.set(id, v);
    }
    return v;
  }
  staff(id: string | null): string {
    return this.cached('S', id);
  }
  site(id: string | null): string {
    return this.cached('X', id);
  }

  /** A participant's pseudonym and date offset (remembered: one entry per participant of the export). */
  person(id: string): { id: string; offset: number } {
    let p = this.people.get(id);
    if (p === undefined) {
      const n = this.mac(`date-offset:${id}`).readUInt32BE(0) % (2 * MAX_DATE_SHIFT_DAYS);
      // 0…363 → −182…−1, 1…182: never 0.
      const offset = n < MAX_DATE_SHIFT_DAYS ? n - MAX_DATE_SHIFT_DAYS : n - MAX_DATE_SHIFT_DAYS + 1;
      p = { id: this.record('P', id), offset };
      this.people.set(id, p);
    }
    return p;
  }

  /** A date of this participant, shifted by their offset or cut to YYYY-MM. */
  date(participantId: string, day: string | null): string {
    if (day === null || day === '') return '';
    if (this.dates === 'month') return day.slice(0, 7);
    let n = this.dayNumbers.get(day);
    if (n === undefined) {
      n = Date.parse(`${day}T00:00:00Z`) / 86_400_000;
      this.dayNumbers.set(day, n);
    }
    const shifted = n + this.person(participantId).offset;
    let out = this.days.get(shifted);
    if (out === undefined) {
      out = new Date(shifted * 86_400_000).toISOString().slice(0, 10);
      this.days.set(shifted, out);
    }
    return out;
  }
}

/** Pseudonyms of one kind of record, each made once. */
export function rememberedRecords(d: Deidentifier, prefix: string): (id: string) => string {
  const known = new Map<string, string>();
  return (id) => {
    let v = known.get(id);
    if (v === undefined) {
      v = d.record(prefix, id);
      known.set(id, v);
    }
    return v;
  };
}

/**
 * The pseudonym of the id asked for last, made again only when the id changes: for rows
 * that come grouped by it (a referral's events), each made once, and nothing remembered.
 */
export function lastRecord(d: Deidentifier, prefix: string): (id: string) => string {
  let lastId: string | null = null;
  let last = '';
  return (id) => {
    if (id !== lastId) {
      last = d.record(prefix, id);
      lastId = id;
    }
    return last;
  };
}
