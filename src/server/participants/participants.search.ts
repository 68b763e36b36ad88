/**
 * How a search box entry is understood: a date of birth, a phone number (or part
 * of one), or a name (any part, misspellings tolerated by trigram similarity and
 * Soundex).
 */
import { digitsOnly, normalizeForSearch, soundex } from '../../core/names.ts';

export type SearchTerm =
  | { kind: 'date'; date: string }
  | { kind: 'digits'; digits: string }
  | { kind: 'name'; text: string; words: { word: string; sound: string | null }[] };

function validDate(y: number, m: number, d: number): string | null {
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

export function parseSearch(raw: string): SearchTerm | null {
  const q = raw.trim();
  if (!q) return null;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(q);
  if (m) {
    const date = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (date) return { kind: 'date', date };
  }
  // US order, as staff type it: 3/7/1988 or 03-07-1988.
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(q);
  if (m) {
    const date = validDate(Number(m[3]), Number(m[1]), Number(m[2]));
    if (date) return { kind: 'date', date };
  }
  if (/^[\d\s().+-]+$/.test(q)) {
    const digits = digitsOnly(q);
    if (digits.length >= 3) return { kind: 'digits', digits };
  }
  const text = normalizeForSearch(q);
  if (!text) return null;
  const words = text.split(' ').map((word) => ({ word, sound: word.length >= 2 ? soundex(word) : null }));
  return { kind: 'name', text, words };
}
