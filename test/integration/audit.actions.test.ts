import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/web/i18n/en.ts';

// Tests run from the project's root.
const SERVER = join(process.cwd(), 'src', 'server');

/** Every audit action the server writes, read from its source: `action: '…'` and the helpers taking one first. */
function serverActions(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const text = readFileSync(path, 'utf8');
        for (const m of text.matchAll(/(?:action: |participantListAudit\(|readAudits\(|participantAudit\()'([a-z_]+\.[a-z_.]+)'/g)) found.add(m[1] ?? '');
      }
    }
  };
  walk(SERVER);
  return [...found].sort();
}

describe('the access history', () => {
  it('names every action the server audits in words, never as its code', () => {
    const actions = serverActions();
    // The scan itself works: these are written by the contacts list and a participant's read.
    expect(actions).toEqual(expect.arrayContaining(['contact.list', 'participant.read', 'worklist.list']));
    const catalogue = en as Record<string, unknown>;
    expect(actions.filter((a) => catalogue[`audit.actions.${a}`] === undefined)).toEqual([]);
  });
});
