import { describe, expect, it } from 'vitest';
import {
  canTransition,
  FHIR_TASK_STATUS,
  FHIR_TASK_STATUSES_USED,
  isOpen,
  nextStatuses,
  OPEN_REFERRAL_STATUSES,
  REFERRAL_STATUSES,
  REFERRAL_TRANSITIONS,
  referralTransitionInput,
  transitionIssues,
  type ReferralStatus,
} from './referrals.ts';

describe('the referral lifecycle', () => {
  it('goes draft → sent → accepted → appointment → attended → completed', () => {
    const path: ReferralStatus[] = ['draft', 'sent', 'accepted', 'appointment_scheduled', 'attended', 'completed'];
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1] as ReferralStatus, path[i] as ReferralStatus)).toBe(true);
  });

  it('reschedules after a no-show or a moved appointment (appointment_scheduled again)', () => {
    expect(canTransition('appointment_scheduled', 'no_show')).toBe(true);
    expect(canTransition('no_show', 'appointment_scheduled')).toBe(true);
    expect(canTransition('appointment_scheduled', 'appointment_scheduled')).toBe(true);
  });

  it('refuses skipped steps and anything after the end', () => {
    expect(canTransition('draft', 'accepted')).toBe(false);
    expect(canTransition('draft', 'attended')).toBe(false);
    expect(canTransition('sent', 'appointment_scheduled')).toBe(false);
    expect(canTransition('declined', 'accepted')).toBe(false);
    expect(canTransition('no_show', 'completed')).toBe(false);
    expect(canTransition('accepted', 'completed')).toBe(false);
    for (const to of REFERRAL_STATUSES) {
      expect(canTransition('completed', to)).toBe(false);
      expect(canTransition('closed', to)).toBe(false);
    }
  });

  it('lets every open referral be closed, and only completed and closed are final', () => {
    for (const s of OPEN_REFERRAL_STATUSES) expect(nextStatuses(s)).toContain('closed');
    expect(REFERRAL_STATUSES.filter((s) => !isOpen(s))).toEqual(['completed', 'closed']);
  });

  it('never leads back to draft, and every status is reachable from draft', () => {
    const reached = new Set<ReferralStatus>(['draft']);
    const queue: ReferralStatus[] = ['draft'];
    for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
      for (const n of REFERRAL_TRANSITIONS[s]) {
        if (!reached.has(n)) {
          reached.add(n);
          queue.push(n);
        }
      }
    }
    expect([...reached].sort()).toEqual([...REFERRAL_STATUSES].sort());
    for (const s of REFERRAL_STATUSES) expect(nextStatuses(s)).not.toContain('draft');
  });
});

describe('the map to FHIR Task states (Gravity SDOH Clinical Care)', () => {
  it('gives each referral status one distinct (status, businessStatus) pair, so the export is one to one', () => {
    const pairs = REFERRAL_STATUSES.map((s) => `${FHIR_TASK_STATUS[s].status}|${FHIR_TASK_STATUS[s].businessStatus ?? ''}`);
    expect(new Set(pairs).size).toBe(REFERRAL_STATUSES.length);
  });

  it('uses only codes of FHIR task-status allowed for SDOHCC referral tasks (no ready, no received)', () => {
    const TASK_STATUS = ['draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error'];
    for (const s of FHIR_TASK_STATUSES_USED) {
      expect(TASK_STATUS).toContain(s);
      expect(['ready', 'received']).not.toContain(s);
    }
    expect(FHIR_TASK_STATUS.sent.status).toBe('requested');
    expect(FHIR_TASK_STATUS.declined.status).toBe('rejected');
    expect(FHIR_TASK_STATUS.closed.status).toBe('cancelled');
  });
});

describe('transition input', () => {
  it('needs a date for an appointment, an outcome to close, a note when the outcome is other', () => {
    const noDate = referralTransitionInput.safeParse({ to: 'appointment_scheduled', version: 3 });
    expect(noDate.success).toBe(false);
    expect(noDate.error?.issues.map((i) => i.path.join('.'))).toEqual(['appointmentOn']);
    const close = referralTransitionInput.parse({ to: 'closed', version: 2, outcome: 'other' });
    expect(transitionIssues(close)).toEqual([{ path: 'note', message: 'Say why the referral was closed' }]);
    expect(referralTransitionInput.safeParse({ to: 'closed', version: 2, outcome: 'engaged_in_services' }).success).toBe(false);
    const appt = referralTransitionInput.parse({ to: 'appointment_scheduled', version: 3, appointmentOn: '2026-03-05', appointmentPlace: '  ' });
    expect(appt).toMatchObject({ appointmentTime: null, appointmentPlace: null });
  });
});
