import { describe, expect, it } from 'vitest';
import { contactCreateInput, contactCrossFieldIssues, contactTimeIssues, defaultLocationFor, noteExcerpt } from './contacts.ts';

const NOW = new Date('2026-03-02T15:00:00Z');
const paths = (issues: { path: string }[]) => issues.map((i) => i.path);

describe('contactTimeIssues', () => {
  it('allows now, the past, and up to five minutes of clock skew', () => {
    expect(contactTimeIssues('2026-03-02T15:00:00Z', NOW)).toEqual([]);
    expect(contactTimeIssues('2026-03-02T15:05:00Z', NOW)).toEqual([]);
    expect(contactTimeIssues('2001-06-01T09:00:00-05:00', NOW)).toEqual([]);
  });
  it('refuses a contact in the future beyond the skew, or before 2000', () => {
    expect(paths(contactTimeIssues('2026-03-02T15:05:01Z', NOW))).toEqual(['occurredAt']);
    expect(paths(contactTimeIssues('2026-03-02T09:06:00-06:00', NOW))).toEqual(['occurredAt']);
    expect(paths(contactTimeIssues('1999-12-31T23:59:59Z', NOW))).toEqual(['occurredAt']);
  });
});

describe('contactCrossFieldIssues', () => {
  const reached = { mode: 'in_person', locationType: 'community', reached: true, durationMinutes: 30, services: [] } as const;
  it('accepts a sensible reached contact and a sensible attempt', () => {
    expect(contactCrossFieldIssues(reached)).toEqual([]);
    expect(contactCrossFieldIssues({ mode: 'phone', locationType: 'phone_or_virtual', reached: false, attemptOutcome: 'left_message', services: [] })).toEqual([]);
    expect(contactCrossFieldIssues({ ...reached, mode: 'in_custody', locationType: 'prison', durationMinutes: 0 })).toEqual([]);
  });
  it('wants a duration when reached and an outcome when not, and no services on an attempt', () => {
    expect(paths(contactCrossFieldIssues({ ...reached, durationMinutes: null }))).toEqual(['durationMinutes']);
    expect(paths(contactCrossFieldIssues({ ...reached, attemptOutcome: 'no_answer' }))).toEqual(['attemptOutcome']);
    expect(paths(contactCrossFieldIssues({ ...reached, reached: false, services: ['transportation'] }))).toEqual(['attemptOutcome', 'services']);
  });
  it('keeps mode and location consistent', () => {
    expect(paths(contactCrossFieldIssues({ ...reached, mode: 'in_custody', locationType: 'clinic' }))).toEqual(['locationType']);
    expect(paths(contactCrossFieldIssues({ ...reached, mode: 'video', locationType: 'office' }))).toEqual(['locationType']);
    expect(paths(contactCrossFieldIssues({ ...reached, mode: 'in_person', locationType: 'phone_or_virtual' }))).toEqual(['locationType']);
  });
  it('suggests a location for each mode that passes the rules', () => {
    for (const mode of ['in_person', 'in_custody', 'phone', 'video', 'text'] as const) {
      expect(contactCrossFieldIssues({ ...reached, mode, locationType: defaultLocationFor(mode) }), mode).toEqual([]);
    }
  });
});

describe('contactCreateInput', () => {
  it('keeps a note exactly as written, and a note of spaces is no note', () => {
    const base = { occurredAt: '2026-03-02T09:00:00-06:00', mode: 'text', locationType: 'phone_or_virtual', reached: true, durationMinutes: 5 };
    const note = '  Two spaces before,\nand a line after.\n';
    expect(contactCreateInput.parse({ ...base, note }).note).toBe(note);
    expect(contactCreateInput.parse({ ...base, note: ' \n ' }).note).toBeNull();
    expect(contactCreateInput.parse(base).services).toEqual([]);
  });
});

describe('noteExcerpt', () => {
  it('leaves a short note whole, flattened to one line', () => {
    expect(noteExcerpt('Called.\n\nLeft  a message.')).toEqual({ text: 'Called. Left a message.', truncated: false });
    expect(noteExcerpt(null)).toEqual({ text: null, truncated: false });
  });
  it('cuts a long note at a word boundary', () => {
    const out = noteExcerpt(`${'word '.repeat(50)}end`, 40);
    expect(out.truncated).toBe(true);
    expect(out.text?.length).toBeLessThanOrEqual(40);
    expect(out.text?.endsWith('word')).toBe(true);
  });
});
