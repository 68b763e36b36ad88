/** Shared by the contacts stories: the shapes read back, and a visit and an attempt to log. */
import { expect } from 'vitest';
import type { AuditEvent } from '../../src/core/schemas.ts';
import { castOfStaff, participantInput, startHarness, type Browser, type Cast, type Harness } from './harness.ts';

export interface Person {
  id: string;
  name: string;
}
export interface Contact {
  id: string;
  participantId: string;
  occurredAt: string;
  durationMinutes: number | null;
  mode: string;
  locationType: string;
  reached: boolean;
  attemptOutcome: string | null;
  services: string[];
  staff: Person[];
  createdBy: Person | null;
  note: string | null;
  noteExcerpt?: string | null;
  addendumCount?: number;
  addenda: { id: string; text: string; reason: string; createdAt: string; createdBy: Person | null }[];
}

export type Persona = 'pat' | 'ana' | 'cai' | 'ben' | 'sam' | 'sue' | 'eve';

export const MISSING = '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11';
// The harness clock stands at 2026-03-02T15:00:00Z (9 a.m. in Chicago).
export const visit = (overrides: Record<string, unknown> = {}) => ({
  occurredAt: '2026-03-02T14:30:00Z',
  durationMinutes: 45,
  mode: 'in_custody',
  locationType: 'jail',
  reached: true,
  services: ['recovery_coaching', 'naloxone_training'],
  note: 'Met in Division 10. Talked about release plans and MOUD.',
  ...overrides,
});
export const attempt = (overrides: Record<string, unknown> = {}) => ({
  occurredAt: '2026-03-01T20:00:00Z',
  mode: 'phone',
  locationType: 'phone_or_virtual',
  reached: false,
  attemptOutcome: 'no_answer',
  ...overrides,
});

/** A fresh database with the cast signed in, and the steps every contacts story takes. */
export async function contactsStory() {
  const h: Harness = await startHarness();
  const cast: Cast = await castOfStaff(h);
  const as = {} as Record<Persona, Browser>;
  for (const who of ['pat', 'ana', 'cai', 'ben', 'sam', 'sue', 'eve'] as const) as[who] = await cast.as(who);

  async function enroll(siteId = cast.sites.cook, by: Browser = as.ana, overrides: Parameters<typeof participantInput>[1] = {}): Promise<string> {
    const res = await by.post('/api/participants', participantInput(siteId, overrides));
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  async function log(participantId: string, body: Record<string, unknown>, by: Browser = as.ana): Promise<Contact> {
    const res = await by.post(`/api/participants/${participantId}/contacts`, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Contact>();
  }

  /** The participant's access history, newest first. */
  async function auditEvents(participantId: string): Promise<AuditEvent[]> {
    const res = await as.pat.get(`/api/audit?participantId=${participantId}&limit=500`);
    return res.json<{ items: AuditEvent[] }>().items;
  }
  async function auditActions(participantId: string): Promise<string[]> {
    return (await auditEvents(participantId)).map((e) => e.action);
  }

  return { h, cast, as, enroll, log, auditEvents, auditActions };
}
