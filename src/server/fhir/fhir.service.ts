/**
 * FHIR R4 export of one participant, gathered through the other features'
 * services (each checks the actor's access and audits its own reads). The import
 * is in fhir.import.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import type { ConsentInformation } from '../../core/consents.ts';
import { FHIR_SECTIONS, participantBundle, sectionsFor, type FhirSection, type ParticipantRecord } from '../../core/fhir/bundle.ts';
import { DEFAULT_DISCLOSED, type FhirExportQuery } from '../../core/fhir/schemas.ts';
import type { Resource as DirectoryResource } from '../../core/resources.ts';
import { getAssessment, listAssessments } from '../assessments/assessments.service.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import { checkConsentFor, listConsents } from '../consents/consents.service.ts';
import { listDisclosures, recordDisclosure } from '../consents/disclosures.service.ts';
import { listContacts } from '../contacts/contacts.service.ts';
import type { Tx } from '../db/database.ts';
import { listEnrollments } from '../enrollments/enrollments.service.ts';
import { listCriticalEvents } from '../events/events.service.ts';
import { actorCan, type Actor } from '../http/actor.ts';
import { Conflict, Forbidden, NotFound, ValidationError } from '../http/errors.ts';
import { listMoudEpisodes } from '../moud/moud.service.ts';
import { listDistributions } from '../naloxone/naloxone.service.ts';
import { getParticipant } from '../participants/participants.service.ts';
import { getPlan } from '../plans/plans.service.ts';
import { listReferrals } from '../referrals/referrals.service.ts';
import { getResource } from '../resources/resources.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';

/** The distributions list answers at most this many; a participant with more is exported with the newest. */
const DISTRIBUTIONS_LIMIT = 500;

export interface ExportOptions {
  /** Base of the entries' fullUrl. */
  base: string;
}

/** An outside party's Bundle: who gets it, why, which kinds of information, under which consent. */
interface Disclosing {
  resource: DirectoryResource;
  purpose: NonNullable<FhirExportQuery['purpose']>;
  information: readonly ConsentInformation[];
  consentId: string;
}

export async function exportParticipant(
  tx: Tx,
  actor: Actor,
  participantId: string,
  query: FhirExportQuery,
  now: Date,
  options: ExportOptions,
): Promise<Bundle> {
  const participant = await getParticipant(tx, actor, participantId, now);
  const site = await getVisibleSite(tx, actor, participant.siteId);
  const disclosing = query.recipientResourceId ? await checkDisclosure(tx, actor, participantId, site.timeZone, query, now) : null;
  const sections: ReadonlySet<FhirSection> = disclosing ? sectionsFor(disclosing.information) : new Set(FHIR_SECTIONS);
  const record = await gather(tx, actor, participantId, sections, now);
  const bundle = participantBundle({ ...record, participant, site }, { sections, base: options.base, generatedAt: now, id: randomUUID() });

  await recordAudit(tx, actor, now, {
    action: 'participant.fhir_export',
    recordType: 'participant',
    recordId: participantId,
    participantId,
    details: {
      bundleId: bundle.id,
      sections: [...sections],
      resources: bundle.entry?.length ?? 0,
      recipientResourceId: disclosing?.resource.id ?? null,
    },
  });
  if (disclosing) {
    await recordDisclosure(
      tx,
      actor,
      {
        participantId,
        siteId: participant.siteId,
        kind: 'export',
        recipientName: disclosing.resource.name,
        recipientResourceId: disclosing.resource.id,
        information: disclosing.information,
        purpose: disclosing.purpose,
        consentId: disclosing.consentId,
        referralId: null,
      },
      now,
    );
  }
  return bundle;
}

/** A disclosure needs participants:write, a directory organization, and an active consent covering it today (409 consent_required). */
async function checkDisclosure(tx: Tx, actor: Actor, participantId: string, timeZone: string, query: FhirExportQuery, now: Date): Promise<Disclosing> {
  if (!actorCan(actor, 'participants:write')) throw new Forbidden('Sending a record to an outside organization needs the permission to change participant records');
  const resourceId = query.recipientResourceId ?? '';
  const resource = await getResource(tx, resourceId).catch((err: unknown) => {
    if (err instanceof NotFound) throw new ValidationError([{ path: 'recipientResourceId', message: 'No such organization in the resource directory' }]);
    throw err;
  });
  const purpose = query.purpose ?? 'care_coordination';
  const information = query.information ?? DEFAULT_DISCLOSED;
  const categories = [...new Set(resource.services.flatMap((s) => s.categories))];
  const check = await checkConsentFor(
    tx,
    participantId,
    { to: { resourceId: resource.id, name: resource.name, categories }, information, purposes: [purpose] },
    isoDateIn(now, timeZone),
  );
  if (!check.ok) throw new Conflict(check.message, 'consent_required');
  return { resource, purpose, information, consentId: check.consent.id };
}

type Gathered = Omit<ParticipantRecord, 'participant' | 'site'>;

async function gather(tx: Tx, actor: Actor, pid: string, sections: ReadonlySet<FhirSection>, now: Date): Promise<Gathered> {
  const has = (s: FhirSection) => sections.has(s);
  const r: Gathered = {
    enrollments: [],
    contacts: [],
    assessments: [],
    plan: null,
    referrals: [],
    directory: [],
    moud: [],
    distributions: [],
    events: [],
    consents: [],
    disclosures: [],
  };
  // Encounters are linked to the enrollment of their day, so contacts need the enrollments too.
  if (has('enrollment') || has('contacts')) r.enrollments = await listEnrollments(tx, actor, pid, now);
  if (has('contacts')) {
    let cursor: string | undefined;
    do {
      const page = await listContacts(tx, actor, pid, { limit: 100, cursor }, now);
      r.contacts.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  if (has('assessments')) {
    for (const a of await listAssessments(tx, actor, pid, now)) r.assessments.push(await getAssessment(tx, actor, pid, a.id, now));
  }
  if (has('plan')) r.plan = await getPlan(tx, actor, pid, now);
  if (has('referrals')) r.referrals = (await listReferrals(tx, actor, pid, {}, now)).items;
  if (has('moud')) r.moud = (await listMoudEpisodes(tx, actor, pid, now)).items;
  if (has('naloxone')) {
    r.distributions = (await listDistributions(tx, actor, { participantId: pid, limit: DISTRIBUTIONS_LIMIT }, now)).items;
  }
  if (has('events')) r.events = (await listCriticalEvents(tx, actor, pid, now)).items;
  if (has('privacy')) {
    r.consents = (await listConsents(tx, actor, pid, now)).items;
    r.disclosures = (await listDisclosures(tx, actor, pid, now)).items;
  }
  const directoryIds = new Set([
    ...r.referrals.map((x) => x.resource.id),
    ...r.moud.flatMap((m) => (m.providerResourceId ? [m.providerResourceId] : [])),
    ...r.consents.flatMap((c) => (c.recipient.kind === 'resource' ? [c.recipient.resourceId] : [])),
    ...r.disclosures.flatMap((d) => (d.recipientResourceId ? [d.recipientResourceId] : [])),
  ]);
  for (const id of directoryIds) {
    const found = await getResource(tx, id).catch((err: unknown) => {
      if (err instanceof NotFound) return null;
      throw err;
    });
    if (found) r.directory.push(found);
  }
  return r;
}
