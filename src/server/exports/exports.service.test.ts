import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ageGroup, ageOn, exportedAge, zip3 } from '../../core/exports.ts';
import { Deidentifier } from './deidentifier.ts';

describe('pseudonyms and date offsets', () => {
  it('are HMAC-SHA256 of the kind and id under the secret, 64 bits in hex', () => {
    const id = randomUUID();
    expect(new Deidentifier('s3cret', 'shifted').record('C', id)).toBe(`C${createHmac('sha256', 's3cret').update(`C:${id}`).digest('hex').slice(0, 16)}`);
  });

  it('differ with the secret, and are stable for one secret', () => {
    const id = randomUUID();
    expect(new Deidentifier('a', 'shifted').person(id)).toEqual(new Deidentifier('a', 'month').person(id));
    expect(new Deidentifier('a', 'shifted').person(id).id).not.toBe(new Deidentifier('b', 'shifted').person(id).id);
  });

  it('shift every date of a person by the same 1 to 182 days either way, never 0, and use both directions', () => {
    const d = new Deidentifier('secret', 'shifted');
    const offsets = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const id = randomUUID();
      const { offset } = d.person(id);
      expect(offset).not.toBe(0);
      expect(Math.abs(offset)).toBeLessThanOrEqual(182);
      offsets.add(offset);
      const a = d.date(id, '2026-01-31');
      const b = d.date(id, '2026-03-01');
      expect((Date.parse(b) - Date.parse(a)) / 86_400_000).toBe(29);
    }
    expect(offsets.has(-182) || offsets.has(182)).toBe(true);
    expect([...offsets].some((o) => o < 0) && [...offsets].some((o) => o > 0)).toBe(true);
    expect(offsets.size).toBeGreaterThan(300);
  });

  it('cut dates to year and month instead, when asked', () => {
    const d = new Deidentifier('secret', 'month');
    expect(d.date(randomUUID(), '2026-02-27')).toBe('2026-02');
    expect(d.date(randomUUID(), null)).toBe('');
  });
});

describe('Safe Harbor generalization', () => {
  it('ZIP codes to 3 digits, small areas to 000, anything else to nothing', () => {
    expect(zip3('60623')).toBe('606');
    expect(zip3('60623-1234')).toBe('606');
    expect(zip3('03601')).toBe('000');
    expect(zip3('89012')).toBe('000');
    expect(zip3('1234')).toBeNull();
    expect(zip3(null)).toBeNull();
  });

  it('ages: whole years on the day, 90 and over grouped', () => {
    expect(ageOn('1988-03-07', '2026-03-06')).toBe(37);
    expect(ageOn('1988-03-07', '2026-03-07')).toBe(38);
    expect(exportedAge(89)).toBe('89');
    expect(exportedAge(90)).toBe('90+');
    expect(exportedAge(104)).toBe('90+');
    expect([ageGroup(17), ageGroup(18), ageGroup(64), ageGroup(65), ageGroup(89), ageGroup(90)]).toEqual(['under_18', '18-24', '55-64', '65-89', '65-89', '90+']);
  });
});
