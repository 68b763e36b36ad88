/** Text normalisation for name search, shared by what we store and what we look for. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s'-]/gu, ' ')
    .replace(/['-]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function digitsOnly(text: string): string {
  return text.replace(/\D/g, '');
}

export function displayName(p: { firstName: string; lastName: string; preferredName?: string | null }): string {
  return p.preferredName && p.preferredName !== p.firstName
    ? `${p.firstName} “${p.preferredName}” ${p.lastName}`
    : `${p.firstName} ${p.lastName}`;
}

/**
 * American Soundex of one word ("Jonh" and "John" are both J500), so a search
 * tolerates misspellings that sound alike.
 */
export function soundex(word: string): string {
  const letters = normalizeForSearch(word).replace(/[^a-z]/g, '');
  if (!letters) return '';
  const codes: Record<string, string> = {
    b: '1', f: '1', p: '1', v: '1',
    c: '2', g: '2', j: '2', k: '2', q: '2', s: '2', x: '2', z: '2',
    d: '3', t: '3', l: '4', m: '5', n: '5', r: '6',
  };
  const first = letters.charAt(0);
  let out = first.toUpperCase();
  let last = codes[first] ?? '';
  for (const ch of letters.slice(1)) {
    const code = codes[ch] ?? '';
    if (code && code !== last) out += code;
    // h and w do not separate two letters with the same code; vowels do.
    if (ch !== 'h' && ch !== 'w') last = code;
    if (out.length === 4) break;
  }
  return out.padEnd(4, '0');
}

/** The Soundex codes of every word of a name, space-separated, for storage and matching. */
export function nameSounds(...parts: (string | null | undefined)[]): string {
  const words = parts.flatMap((p) => normalizeForSearch(p ?? '').split(' ')).filter((w) => w.length > 0);
  return [...new Set(words.map(soundex).filter(Boolean))].join(' ');
}
