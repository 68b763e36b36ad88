/**
 * FHIR R4 export of one participant, gathered through the other features'
 * services (each checks the actor's access and audits its own reads), and the
 * import of referral Task updates coming back from providers.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, Patient, Task } from '@medplum/fhirtypes';
import type { ConsentInformation } from '../../core/consents.ts';
import { FHIR_SECTIONS, participantBundle, sectionsFor, type FhirSection, type ParticipantRecord } from '../../core/fhir/bundle.ts';
import { readTaskUpdate, type TaskUpdate } from '../../core/fhir/referrals.ts';
import { PATIENT_PATHS, participantInputFromPatient, type PatientIssue } from '../../core/fhir/patient-import.ts';
import { DEFAULT_DISCLOSED, type FhirExportQuery, type FhirImportInput, type FhirImportQuery, type FhirImportReport } from '../../core/fhir/schemas.ts';
import { participantCreateInput } from '../../core/schemas.ts';
import type { ReferralTransition } from '../../core/referrals.ts';
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
import { AppError, Conflict, Forbidden, NotFound, ValidationError } from '../http/errors.ts';
import { listMoudEpisodes } from '../moud/moud.service.ts';
import { listDistributions } from '../naloxone/naloxone.service.ts';
import { createParticipant, findDuplicates, getParticipant } from '../participants/participants.service.ts';
import { getPlan } from '../plans/plans.service.ts';
import { getReferral, listReferrals, transitionReferral } from '../referrals/referrals.service.ts';
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

/* ---------- import ---------- */

const NOT_APPLIED: Record<string, string> = {
  ServiceRequest: 'A referral moves with its Task: the ServiceRequest itself is not applied',
  Consent: 'Recording consents from FHIR is not implemented yet (a Part 2 consent is recorded in Tandem, with its signature)',
};

/**
 * Applies what it can of a Bundle: each Task that tracks a Tandem referral moves
 * it one step (through the referrals service, in a savepoint of its own, so a
 * resource that fails leaves nothing behind). Everything else is reported by its
 * id and path.
 */
export async function importBundle(tx: Tx, actor: Actor, bundle: FhirImportInput, now: Date, query: FhirImportQuery = {}): Promise<FhirImportReport> {
  const report: FhirImportReport = { applied: [], rejected: [] };
  for (const [i, entry] of bundle.entry.entries()) {
    const resource = entry.resource;
    const id = `${resource.resourceType}/${resource.id ?? `#${String(i)}`}`;
    const at = (path: string) => `entry[${String(i)}].resource${path.replace(/^[A-Za-z]+/, '')}`;
    if (resource.resourceType === 'Patient') {
      const outcome = await importPatient(tx, actor, resource as unknown as Patient, query, now);
      if ('participantId' in outcome) report.applied.push({ kind: 'participant_created', id, participantId: outcome.participantId });
      else for (const issue of outcome) report.rejected.push({ id, path: at(issue.path), message: issue.message });
      continue;
    }
    if (resource.resourceType !== 'Task') {
      report.rejected.push({
        id,
        path: `entry[${String(i)}].resource.resourceType`,
        message: NOT_APPLIED[resource.resourceType] ?? `Tandem does not import ${resource.resourceType} resources`,
      });
      continue;
    }
    const update = readTaskUpdate(resource as unknown as Task);
    if (Array.isArray(update)) {
      for (const issue of update) report.rejected.push({ id, path: at(issue.path), message: issue.message });
      continue;
    }
    try {
      const applied = await tx.transaction(async (sp) => {
        const current = await getReferral(sp, actor, update.referralId, now);
        if (update.basedOnVersion !== null && update.basedOnVersion !== current.version) {
          throw new Conflict(`The referral has changed since version ${String(update.basedOnVersion)} (it is at version ${String(current.version)})`, 'stale_version');
        }
        if (current.status === update.to && update.to !== 'appointment_scheduled') return { from: current.status, changed: false };
        await transitionReferral(sp, actor, update.referralId, transitionOf(update, current.version), now);
        return { from: current.status, changed: true };
      });
      report.applied.push({ kind: 'referral_status', id, referralId: update.referralId, from: applied.from, to: update.to, changed: applied.changed });
    } catch (err) {
      if (err instanceof ValidationError) {
        for (const d of err.details ?? []) report.rejected.push({ id, path: at(`Task.${d.path}`), message: d.message });
      } else if (err instanceof NotFound) {
        report.rejected.push({ id, path: at('Task.focus'), message: 'No Tandem referral with this id that you may see' });
      } else if (err instanceof AppError) {
        report.rejected.push({ id, path: at('Task.status'), message: err.message });
      } else {
        throw err;
      }
    }
  }
  await recordAudit(tx, actor, now, {
    action: 'fhir.import',
    recordType: 'fhir_bundle',
    details: { entries: bundle.entry.length, applied: report.applied.length, rejected: report.rejected.length },
  });
  return report;
}

/**
 * A Patient becomes a participant of the import's site (or of its
 * managingOrganization, when that names one of the caller's sites), unless it
 * looks like someone already in Tandem (same date of birth and a similar name).
 */
async function importPatient(tx: Tx, actor: Actor, patient: Patient, query: FhirImportQuery, now: Date): Promise<{ participantId: string } | PatientIssue[]> {
  const fromOrganization = patient.managingOrganization?.reference?.match(/(?:^|\/)Organization\/([0-9a-f-]{36})$/i)?.[1];
  const siteId = query.siteId ?? fromOrganization;
  if (!siteId) return [{ path: 'Patient.managingOrganization', message: 'Say which of your sites the participant joins (siteId)' }];
  const read = participantInputFromPatient(patient, siteId);
  if (Array.isArray(read)) return read;
  const parsed = participantCreateInput.safeParse(read);
  if (!parsed.success) return parsed.error.issues.map((i) => ({ path: PATIENT_PATHS[String(i.path[0])] ?? 'Patient', message: i.message }));
  const duplicates = await findDuplicates(tx, actor, parsed.data, now);
  if (duplicates.length > 0) {
    return [{ path: 'Patient.name', message: `Looks like ${String(duplicates.length)} participant(s) already in Tandem (same date of birth, similar name): not created` }];
  }
  try {
    const created = await tx.transaction((sp) => createParticipant(sp, actor, parsed.data, now));
    return { participantId: created.id };
  } catch (err) {
    if (err instanceof ValidationError) return (err.details ?? []).map((d) => ({ path: PATIENT_PATHS[d.path] ?? 'Patient', message: d.message }));
    throw err;
  }
}

function transitionOf(u: TaskUpdate, version: number): ReferralTransition {
  const note = u.note;
  switch (u.to) {
    case 'appointment_scheduled':
      return { to: u.to, version, note, appointmentOn: u.appointment?.on ?? '', appointmentTime: u.appointment?.time ?? null, appointmentPlace: u.appointment?.place ?? null };
    case 'closed':
      return { to: u.to, version, note, outcome: u.outcome ?? 'other' };
    case 'draft':
    case 'sent':
      // Sending discloses the record under a consent: staff do it in Tandem, a provider's update cannot.
      throw new Conflict(`A provider's update cannot make a referral ${u.to}: staff send referrals from Tandem`, 'illegal_transition');
    case 'accepted':
    case 'declined':
    case 'attended':
    case 'no_show':
    case 'completed':
      return { to: u.to, version, note };
  }
}
