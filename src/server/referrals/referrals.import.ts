/**
 * Past referrals imported in a few statements (the demo seed, a migration from another
 * system), held to the same rules as the API and audited as it would have audited them.
 */
import { randomUUID } from 'node:crypto';
import { findCoveringConsent, REFERRAL_DISCLOSES, REFERRAL_PURPOSES } from '../../core/consents.ts';
import { canTransition, transitionIssues, type ReferralStatus, type ReferralTransition } from '../../core/referrals.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import { consentFactsFor } from '../consents/consents.service.ts';
import { importDisclosures } from '../consents/disclosures.service.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import { insertEvents, insertReferrals, type ReferralRow, type ReferralValues } from './referrals.repository.ts';
import { actorId, referable, type ReferralCreate } from './referrals.service.ts';

/** A past referral: made at `createdAt`, then each step at its own moment. */
export interface ReferralStory {
  input: ReferralCreate;
  createdAt: Date;
  steps: readonly { at: Date; transition: ReferralTransition }[];
}

/**
 * Past referrals of several participants in a few statements, held to the same
 * rules as the API: the allowed transitions, each send covered by a consent active
 * on its day (else it throws, naming what is missing), the disclosure recorded, and
 * audited as the API would have, each step at its moment.
 */
export async function importReferrals(
  tx: Tx,
  actor: Actor,
  items: readonly { participantId: string; stories: readonly ReferralStory[] }[],
  now: Date,
): Promise<number> {
  const resources = new Map<string, Awaited<ReturnType<typeof referable>>>();
  const zones = new Map<string, string>();
  const by = actorId(actor);
  const rows: ReferralValues[] = [];
  const events: Parameters<typeof insertEvents>[1][number][] = [];
  const disclosures: Parameters<typeof importDisclosures>[2][number][] = [];
  const audits: { at: Date; entry: Parameters<typeof recordAudit>[3] }[] = [];

  for (const { participantId, stories } of items) {
    if (stories.length === 0) continue;
    const participant = await requireVisibleParticipant(tx, actor, participantId);
    let zone = zones.get(participant.siteId);
    if (!zone) {
      zone = (await getVisibleSite(tx, actor, participant.siteId)).timeZone;
      zones.set(participant.siteId, zone);
    }
    const consents = await consentFactsFor(tx, participantId);
    for (const story of stories) {
      let resource = resources.get(story.input.resourceId);
      if (!resource) {
        resource = await referable(tx, story.input.resourceId);
        resources.set(resource.id, resource);
      }
      const id = randomUUID();
      const row: ReferralValues = {
        id,
        participantId,
        siteId: participant.siteId,
        resourceId: resource.id,
        resourceName: resource.name,
        need: story.input.need,
        urgency: story.input.urgency,
        notes: story.input.notes,
        status: 'draft',
        movedAt: story.createdAt,
        createdAt: story.createdAt,
        createdBy: by,
      };
      events.push({ referralId: id, fromStatus: null, toStatus: 'draft', version: 1, at: story.createdAt, by });
      audits.push({ at: story.createdAt, entry: { action: 'referral.create', recordType: 'referral', recordId: id, participantId, details: { fields: ['need', 'resourceId', 'urgency', ...(story.input.notes ? ['notes'] : [])] } } });
      let status: ReferralStatus = 'draft';
      let last = story.createdAt;
      for (const [i, { at, transition: t }] of story.steps.entries()) {
        if (!canTransition(status, t.to)) throw new Error(`importReferrals: ${status} → ${t.to} is not allowed`);
        if (at < last || at > now) throw new Error('importReferrals: steps must be in order and not in the future');
        const issues = transitionIssues(t);
        if (issues.length) throw new ValidationError(issues);
        const event = { referralId: id, fromStatus: status, toStatus: t.to, version: i + 2, at, by, note: t.note, appointmentOn: null as string | null, appointmentTime: null as string | null, appointmentPlace: null as string | null, outcome: null as ReferralRow['outcome'] };
        if (t.to === 'sent') {
          const categories = [...new Set(resource.services.flatMap((s) => s.categories))];
          const check = findCoveringConsent(consents, { to: { resourceId: resource.id, name: resource.name, categories }, information: REFERRAL_DISCLOSES, purposes: REFERRAL_PURPOSES }, isoDateIn(at, zone));
          if (!check.ok) throw new Error(`importReferrals: ${check.message}`);
          row.consentId = check.consent.id;
          row.sentAt = at;
          disclosures.push({
            participantId,
            siteId: participant.siteId,
            kind: 'referral_sent',
            recipientName: resource.name,
            recipientResourceId: resource.id,
            information: REFERRAL_DISCLOSES,
            purpose: REFERRAL_PURPOSES.find((p) => check.consent.purposes.includes(p)) ?? 'treatment_referral',
            consentId: check.consent.id,
            referralId: id,
            at,
          });
        } else if (t.to === 'appointment_scheduled') {
          row.appointmentOn = event.appointmentOn = t.appointmentOn;
          row.appointmentTime = event.appointmentTime = t.appointmentTime;
          row.appointmentPlace = event.appointmentPlace = t.appointmentPlace;
        } else if (t.to === 'completed') {
          row.outcome = event.outcome = 'engaged_in_services';
        } else if (t.to === 'closed') {
          row.outcome = event.outcome = t.outcome;
        }
        events.push(event);
        audits.push({ at, entry: { action: 'referral.transition', recordType: 'referral', recordId: id, participantId, details: { from: status, to: t.to } } });
        status = t.to;
        last = at;
      }
      row.status = status;
      row.movedAt = last;
      row.version = story.steps.length + 1;
      rows.push(row);
    }
  }
  for (let i = 0; i < rows.length; i += 500) await insertReferrals(tx, rows.slice(i, i + 500));
  await insertEvents(tx, events);
  // Disclosures and audit rows after the referrals they point at.
  await importDisclosures(tx, actor, disclosures);
  for (const a of audits) await recordAudit(tx, actor, a.at, a.entry);
  return rows.length;
}
