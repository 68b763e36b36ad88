/**
 * FHIR import: applies what it can of a Bundle through the features' own services
 * (each checks the actor's access, validates as its API does, and audits).
 *
 * A first pass indexes the entries so references resolve whatever the order;
 * then, in dependency order: Patients (new participants, or ones Tandem already
 * has by its identifier), Consents (Part 2 consents; their recipient Organization
 * is matched in the directory or added to it), ServiceRequests (a referral Tandem
 * does not have becomes one and is moved through the legal steps to where its
 * Task says it stands), and the remaining Tasks (updates of existing referrals,
 * one step each). Each resource is applied in a savepoint of its own: one that
 * fails is reported by its id and FHIR path and leaves nothing behind, and the
 * others apply. Everything else is reported as not applied.
 */
import type { HealthcareService, Location, Organization, Patient, Reference, ServiceRequest, Task, Consent as FhirConsent } from '@medplum/fhirtypes';
import { consentCreateInput } from '../../core/consents.ts';
import { CONSENT_PATHS, readConsent, sameConsent } from '../../core/fhir/consent-import.ts';
import { REFERRAL_TASK_IDENTIFIER } from '../../core/fhir/codes.ts';
import { addressKey, directoryInputFromOrganization, directoryPath, isTandemSite, organizationAddressKeys, type DirectoryParts } from '../../core/fhir/directory-import.ts';
import { parseReference, tandemIdOf, tandemIdOfReference, type ImportIssue } from '../../core/fhir/import-references.ts';
import { PATIENT_PATHS, participantInputFromPatient } from '../../core/fhir/patient-import.ts';
import { REFERRAL_PATHS, latestTask, readReferral } from '../../core/fhir/referral-import.ts';
import { readTaskUpdate, type TaskUpdate } from '../../core/fhir/referrals.ts';
import type { FhirImportInput, FhirImportQuery, FhirImportReport } from '../../core/fhir/schemas.ts';
import { referralCreateInput, referralTransitionInput, type ReferralStatus, type ReferralTransition } from '../../core/referrals.ts';
import { resourceCreateInput, resourceSearchQuery } from '../../core/resources.ts';
import { participantCreateInput } from '../../core/schemas.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import { listConsents, recordConsent, revokeConsent } from '../consents/consents.service.ts';
import type { Tx } from '../db/database.ts';
import { actorCan, type Actor } from '../http/actor.ts';
import { AppError, Conflict, NotFound, ValidationError } from '../http/errors.ts';
import { createParticipant, findDuplicates, getParticipant } from '../participants/participants.service.ts';
import { createReferral, getReferral, transitionReferral } from '../referrals/referrals.service.ts';
import { createResource, getResource, searchResources } from '../resources/resources.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';

type Applied = FhirImportReport['applied'][number];
type Rejected = FhirImportReport['rejected'][number];

interface Entry {
  index: number;
  type: string;
  /** `Type/id` (or `Type/#index` for a resource without an id), as the report names it. */
  label: string;
  resource: Record<string, unknown>;
}

interface ParticipantRef {
  participantId: string;
  siteId: string;
  name: string;
}

/** Kinds the import does not apply, with why. */
const NOT_APPLIED: Record<string, string> = {
  Organization: 'Only organizations that a Consent or ServiceRequest of the Bundle names are taken into the resource directory',
  Location: 'A Location is taken with the directory organization that manages it (one a Consent or ServiceRequest names)',
  HealthcareService: 'A HealthcareService is taken with the directory organization that provides it (one a Consent or ServiceRequest names)',
  Practitioner: 'Staff are not imported: program administrators invite users in Tandem',
  PractitionerRole: 'Staff are not imported: program administrators invite users in Tandem',
  AuditEvent: 'The accounting of disclosures is kept by the program that disclosed: not imported',
};

/** A resource that failed, by its FHIR paths (relative to the resource type). */
class Rejection extends Error {
  constructor(readonly issues: ImportIssue[]) {
    super(issues.map((i) => i.message).join('; '));
  }
}

/** Service errors → FHIR paths: a ValidationError by its fields, anything else on `fallback`. */
function rejectionOf(err: unknown, paths: Record<string, string>, fallback: string): Rejection {
  if (err instanceof Rejection) return err;
  if (err instanceof ValidationError) {
    const pathOf = (p: string) => paths[p] ?? paths[p.split('.')[0] ?? ''] ?? fallback;
    return new Rejection((err.details ?? []).map((d) => ({ path: pathOf(d.path), message: d.message })));
  }
  if (err instanceof AppError) return new Rejection([{ path: fallback, message: err.message }]);
  throw err;
}

const zodIssues = (issues: readonly { path: PropertyKey[]; message: string }[]) => new ValidationError(issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));

export async function importBundle(tx: Tx, actor: Actor, bundle: FhirImportInput, now: Date, query: FhirImportQuery = {}): Promise<FhirImportReport> {
  const run = new BundleImport(tx, actor, now, query, bundle);
  const report = await run.apply();
  await recordAudit(tx, actor, now, {
    action: 'fhir.import',
    recordType: 'fhir_bundle',
    details: {
      entries: bundle.entry.length,
      applied: report.applied.length,
      rejected: report.rejected.length,
      kinds: [...new Set(report.applied.map((a) => a.kind))],
    },
  });
  return report;
}

class BundleImport {
  private readonly entries: Entry[];
  /** `Type/id` and fullUrl → entry. */
  private readonly byRef = new Map<string, Entry>();
  private readonly results: { index: number; applied?: Applied; rejected?: Rejected }[] = [];
  /** Entries reported (or taken with another resource): the last pass reports the rest as not applied. */
  private readonly handled = new Set<Entry>();
  private readonly participants = new Map<Entry, ParticipantRef | null>();
  private readonly organizations = new Map<Entry, Promise<{ resourceId: string } | null>>();
  /** ServiceRequest entries → the referral made of them (null when rejected). */
  private readonly referrals = new Map<Entry, string | null>();
  private readonly siteZones = new Map<string, string>();

  constructor(
    private readonly tx: Tx,
    private readonly actor: Actor,
    private readonly now: Date,
    private readonly query: FhirImportQuery,
    bundle: FhirImportInput,
  ) {
    this.entries = bundle.entry.map((e, index) => {
      const type = e.resource.resourceType;
      const entry: Entry = { index, type, label: `${type}/${e.resource.id ?? `#${String(index)}`}`, resource: e.resource };
      if (e.resource.id !== undefined && !this.byRef.has(`${type}/${e.resource.id}`)) this.byRef.set(`${type}/${e.resource.id}`, entry);
      if (e.fullUrl && !this.byRef.has(e.fullUrl)) this.byRef.set(e.fullUrl, entry);
      return entry;
    });
  }

  async apply(): Promise<FhirImportReport> {
    for (const e of this.ofType('Patient')) await this.guarded(e, () => this.patient(e));
    for (const e of this.ofType('Consent')) await this.guarded(e, () => this.consent(e));
    for (const e of this.ofType('ServiceRequest')) await this.guarded(e, () => this.serviceRequest(e));
    for (const e of this.ofType('Task')) if (!this.handled.has(e)) await this.guarded(e, () => this.taskUpdate(e));
    for (const e of this.entries) {
      if (this.handled.has(e)) continue;
      const message =
        e.type === 'Organization' && isTandemSite(e.resource as unknown as Organization)
          ? 'A Tandem site: sites are set up by a program administrator, not imported'
          : (NOT_APPLIED[e.type] ?? `Tandem does not import ${e.type} resources`);
      this.reject(e, [{ path: `${e.type}.resourceType`, message }]);
    }
    const byIndex = <T>(pick: (r: (typeof this.results)[number]) => T | undefined) =>
      this.results
        .map((r, order) => ({ r, order }))
        .sort((a, b) => a.r.index - b.r.index || a.order - b.order)
        .flatMap(({ r }) => {
          const v = pick(r);
          return v === undefined ? [] : [v];
        });
    return { applied: byIndex((r) => r.applied), rejected: byIndex((r) => r.rejected) };
  }

  /**
   * Entries are checked only as far as `resourceType` and `id`: an element of the
   * wrong shape (a string where FHIR has an array…) fails while it is read, before
   * anything is written or inside the resource's savepoint. That resource is
   * reported; the import goes on.
   */
  private async guarded(e: Entry, apply: () => Promise<void>): Promise<void> {
    try {
      await apply();
    } catch (err) {
      if (!(err instanceof TypeError)) throw err;
      this.reject(e, [{ path: e.type, message: `Not a valid FHIR ${e.type}: an element does not have the shape FHIR R4 gives it` }]);
    }
  }

  /* ---------- the report ---------- */

  private ofType(type: string): Entry[] {
    return this.entries.filter((e) => e.type === type);
  }

  /** `Consent.provision.period.end` of entry 3 → `entry[3].resource.provision.period.end`. */
  private at(e: Entry, path: string): string {
    return `entry[${String(e.index)}].resource${path.replace(/^[A-Za-z]+/, '')}`;
  }

  private applied(e: Entry, item: Applied): void {
    this.handled.add(e);
    this.results.push({ index: e.index, applied: item });
  }

  private reject(e: Entry, issues: readonly ImportIssue[], where: Entry = e): void {
    this.handled.add(e);
    for (const i of issues) this.results.push({ index: e.index, rejected: { id: e.label, path: this.at(where, i.path), message: i.message } });
  }

  /** The Bundle entry a reference points at (`Type/id`, a fullUrl, or an absolute URL ending in Type/id). */
  private resolve(ref: Reference | undefined, type: string): Entry | null {
    const reference = ref?.reference;
    if (!reference) return null;
    const direct = this.byRef.get(reference);
    if (direct?.type === type) return direct;
    const parsed = parseReference(reference);
    const found = parsed?.type === type ? this.byRef.get(`${parsed.type}/${parsed.id}`) : undefined;
    return found ?? null;
  }

  private async siteZone(siteId: string): Promise<string> {
    let zone = this.siteZones.get(siteId);
    if (!zone) {
      zone = (await getVisibleSite(this.tx, this.actor, siteId)).timeZone;
      this.siteZones.set(siteId, zone);
    }
    return zone;
  }

  /* ---------- Patient ---------- */

  private async patient(e: Entry): Promise<void> {
    const patient = e.resource as unknown as Patient;
    const known = await this.existingParticipant(tandemIdOf(patient.identifier));
    if (known) {
      this.participants.set(e, known);
      this.applied(e, { kind: 'participant_matched', id: e.label, participantId: known.participantId });
      return;
    }
    try {
      const created = await this.createParticipantFrom(patient);
      this.participants.set(e, created);
      this.applied(e, { kind: 'participant_created', id: e.label, participantId: created.participantId });
    } catch (err) {
      this.participants.set(e, null);
      this.reject(e, rejectionOf(err, PATIENT_PATHS, 'Patient').issues);
    }
  }

  /** A participant the actor may see, by Tandem id (the read is audited); null when there is none. */
  private async existingParticipant(id: string | null): Promise<ParticipantRef | null> {
    if (!id) return null;
    try {
      const p = await getParticipant(this.tx, this.actor, id, this.now);
      return { participantId: p.id, siteId: p.siteId, name: `${p.firstName} ${p.lastName}` };
    } catch (err) {
      if (err instanceof NotFound) return null;
      throw err;
    }
  }

  /**
   * A Patient becomes a participant of the import's site (or of its
   * managingOrganization, when that names one of the caller's sites), unless it
   * looks like someone already in Tandem (same date of birth and a similar name).
   */
  private async createParticipantFrom(patient: Patient): Promise<ParticipantRef> {
    const fromOrganization = tandemIdOfReference(patient.managingOrganization, 'Organization');
    const siteId = this.query.siteId ?? fromOrganization;
    if (!siteId) throw new Rejection([{ path: 'Patient.managingOrganization', message: 'Say which of your sites the participant joins (siteId)' }]);
    const read = participantInputFromPatient(patient, siteId);
    if (Array.isArray(read)) throw new Rejection(read);
    const parsed = participantCreateInput.safeParse(read);
    if (!parsed.success) throw zodIssues(parsed.error.issues);
    const duplicates = await findDuplicates(this.tx, this.actor, parsed.data, this.now);
    if (duplicates.length > 0) {
      throw new Rejection([{ path: 'Patient.name', message: `Looks like ${String(duplicates.length)} participant(s) already in Tandem (same date of birth, similar name): not created` }]);
    }
    const created = await this.tx.transaction((sp) => createParticipant(sp, this.actor, parsed.data, this.now));
    return { participantId: created.id, siteId: created.siteId, name: `${created.firstName} ${created.lastName}` };
  }

  /** The participant a reference names: a Patient of the Bundle (once imported), or one Tandem has by its id. */
  private async participantFor(ref: Reference | undefined, path: string): Promise<ParticipantRef> {
    const entry = this.resolve(ref, 'Patient');
    if (entry) {
      const p = this.participants.get(entry);
      if (!p) throw new Rejection([{ path, message: `${entry.label} was not imported (see its own report)` }]);
      return p;
    }
    const known = await this.existingParticipant(tandemIdOfReference(ref, 'Patient'));
    if (!known) throw new Rejection([{ path, message: `${ref?.reference ?? 'The Patient'} is neither in the Bundle nor a participant you may see in Tandem` }]);
    return known;
  }

  /* ---------- Organization (the directory) ---------- */

  /** The directory organization a reference names: by Tandem id, or an Organization of the Bundle (matched or added). */
  private async organizationFor(ref: Reference | undefined, path: string, timeZone: string): Promise<string> {
    const entry = this.resolve(ref, 'Organization');
    if (entry) {
      let pending = this.organizations.get(entry);
      if (!pending) {
        pending = this.organization(entry, timeZone);
        this.organizations.set(entry, pending);
      }
      const found = await pending;
      if (!found) throw new Rejection([{ path, message: `${entry.label} is not in the resource directory (see its own report)` }]);
      return found.resourceId;
    }
    const id = tandemIdOfReference(ref, 'Organization');
    if (id && (await this.directoryHas(id))) return id;
    throw new Rejection([{ path, message: `${ref?.reference ?? ref?.display ?? 'The organization'} is neither in the Bundle nor in the resource directory` }]);
  }

  private async directoryHas(id: string): Promise<boolean> {
    try {
      await getResource(this.tx, id);
      return true;
    } catch (err) {
      if (err instanceof NotFound) return false;
      throw err;
    }
  }

  /** The Locations and HealthcareServices of the Bundle that belong to this Organization. */
  private partsOf(org: Entry): { parts: DirectoryParts; entries: Entry[] } {
    const locations = this.ofType('Location').filter((l) => this.resolve((l.resource as unknown as Location).managingOrganization, 'Organization') === org);
    const services = this.ofType('HealthcareService').filter((s) => this.resolve((s.resource as unknown as HealthcareService).providedBy, 'Organization') === org);
    return {
      parts: {
        organization: org.resource as unknown as Organization,
        locations: locations.map((l) => ({ key: l.label, location: l.resource as unknown as Location })),
        services: services.map((s) => s.resource as unknown as HealthcareService),
      },
      entries: [...locations, ...services],
    };
  }

  /**
   * An Organization of the Bundle in the directory: the one with its Tandem id, or
   * of the same name at one of its addresses; else added to the directory when the
   * actor may manage it (reported as not applied otherwise).
   */
  private async organization(e: Entry, timeZone: string): Promise<{ resourceId: string } | null> {
    const org = e.resource as unknown as Organization;
    const { parts, entries } = this.partsOf(e);
    const partLabels = entries.map((p) => p.label);
    const take = (resourceId: string, created: boolean) => {
      this.applied(e, { kind: created ? 'organization_created' : 'organization_matched', id: e.label, resourceId, parts: partLabels });
      for (const p of entries) this.handled.add(p);
      return { resourceId };
    };
    if (isTandemSite(org)) {
      this.reject(e, [{ path: 'Organization.type', message: 'A Tandem site, not an organization of the resource directory' }]);
      return null;
    }
    const id = tandemIdOf(org.identifier);
    if (id && (await this.directoryHas(id))) return take(id, false);
    const sameName = await this.sameNameAndAddress(org.name ?? '', organizationAddressKeys(parts));
    if (sameName) return take(sameName, false);
    if (!actorCan(this.actor, 'resources:manage')) {
      this.reject(e, [
        {
          path: 'Organization.identifier',
          message: 'Not in the resource directory (no organization with this Tandem identifier, nor of this name at this address); adding it needs the permission to manage the directory',
        },
      ]);
      return null;
    }
    try {
      const parsed = resourceCreateInput.safeParse(directoryInputFromOrganization(parts, timeZone));
      if (!parsed.success) throw zodIssues(parsed.error.issues);
      const created = await this.tx.transaction((sp) => createResource(sp, this.actor, parsed.data, this.now, { via: 'fhir_import' }));
      return take(created.id, true);
    } catch (err) {
      if (err instanceof ValidationError) this.reject(e, (err.details ?? []).map((d) => ({ path: directoryPath(d.path), message: d.message })));
      else this.reject(e, rejectionOf(err, {}, 'Organization').issues);
      return null;
    }
  }

  /** A directory organization (not archived) of this name with a location at one of these addresses. */
  private async sameNameAndAddress(name: string, addresses: readonly string[]): Promise<string | null> {
    const wanted = name.trim().toLowerCase();
    if (!wanted || addresses.length === 0) return null;
    const found = await searchResources(this.tx, resourceSearchQuery.parse({ q: name.trim().slice(0, 100), limit: '100' }), this.now);
    const hit = found.items.find((h) => {
      const key = addressKey({ line1: h.location.address1, city: h.location.city, state: h.location.state, postalCode: h.location.postalCode });
      return h.resourceName.trim().toLowerCase() === wanted && key !== null && addresses.includes(key);
    });
    return hit?.resourceId ?? null;
  }

  /* ---------- Consent ---------- */

  private async consent(e: Entry): Promise<void> {
    const fhir = e.resource as unknown as FhirConsent;
    try {
      // Every problem at once: the Consent's own, and whether its patient can be found.
      const participant = fhir.patient ? await this.participantFor(fhir.patient, 'Consent.patient').catch((err: unknown) => rejectionOf(err, {}, 'Consent.patient')) : null;
      const timeZone = participant && !(participant instanceof Rejection) ? await this.siteZone(participant.siteId) : 'UTC';
      const read = readConsent(fhir, isoDateIn(this.now, timeZone));
      if (Array.isArray(read) || participant instanceof Rejection || !participant) {
        throw new Rejection([...(participant instanceof Rejection ? participant.issues : []), ...(Array.isArray(read) ? read : [])]);
      }
      const recipient =
        read.recipient.kind === 'class'
          ? { kind: 'class' as const, recipientClass: read.recipient.recipientClass }
          : { kind: 'resource' as const, resourceId: await this.organizationFor(read.recipient.reference, 'Consent.provision.actor.reference', timeZone) };
      const existing = (await listConsents(this.tx, this.actor, participant.participantId, this.now)).items;
      const same = existing.find((c) => c.id === read.tandemId) ?? existing.find((c) => sameConsent(c, read, recipient));
      if (same) {
        this.applied(e, { kind: 'consent_matched', id: e.label, consentId: same.id });
        return;
      }
      const parsed = consentCreateInput.safeParse({
        discloser: read.discloser,
        recipient,
        information: read.information,
        purposes: read.purposes,
        expiresOn: read.expiresOn,
        expiryEvent: read.expiryEvent,
        // A FHIR Consent carries no signature: the participant who verified it signed it.
        signature: { kind: 'typed', typedName: participant.name },
        signedOn: read.signedOn,
      });
      if (!parsed.success) throw zodIssues(parsed.error.issues);
      const consent = await this.tx.transaction(async (sp) => {
        const recorded = await recordConsent(sp, this.actor, participant.participantId, parsed.data, this.now);
        if (read.revokedOn) {
          await revokeConsent(sp, this.actor, participant.participantId, recorded.id, { revokedOn: read.revokedOn, note: 'Inactive in the imported FHIR Consent' }, this.now);
        }
        return recorded;
      });
      this.applied(e, { kind: 'consent_recorded', id: e.label, consentId: consent.id, revoked: read.revokedOn !== null });
    } catch (err) {
      this.reject(e, rejectionOf(err, CONSENT_PATHS, 'Consent').issues);
    }
  }

  /* ---------- ServiceRequest (+ its Tasks) ---------- */

  /** The Tasks of the Bundle about this ServiceRequest: their focus is it, or they carry its Tandem referral id. */
  private tasksOf(sr: Entry, tandemId: string | null): Entry[] {
    return this.ofType('Task').filter((t) => {
      const task = t.resource as unknown as Task;
      if (this.resolve(task.focus, 'ServiceRequest') === sr) return true;
      const own = task.identifier?.find((i) => i.system === REFERRAL_TASK_IDENTIFIER)?.value?.toLowerCase();
      return tandemId !== null && own === tandemId;
    });
  }

  private async serviceRequest(e: Entry): Promise<void> {
    const sr = e.resource as unknown as ServiceRequest;
    const tandemId = tandemIdOf(sr.identifier);
    if (tandemId && (await this.visibleReferral(tandemId))) {
      // A referral Tandem has: its Tasks move it (the Task pass), the ServiceRequest itself changes nothing.
      this.referrals.set(e, tandemId);
      this.applied(e, { kind: 'referral_matched', id: e.label, referralId: tandemId });
      return;
    }
    const taskEntries = this.tasksOf(e, tandemId);
    const tasks = taskEntries.map((t) => t.resource as unknown as Task);
    const read = readReferral(sr, tasks);
    const latest = latestTask(tasks);
    const taskEntry = taskEntries.find((t) => (t.resource as unknown) === latest) ?? null;
    /** A path in the Task is reported on the Task's entry. */
    const rejectAll = (issues: readonly ImportIssue[]) => {
      for (const i of issues) this.reject(e, [i], i.path.startsWith('Task') && taskEntry ? taskEntry : e);
      for (const t of taskEntries) this.reject(t, [{ path: 'Task.focus', message: `${e.label} was not imported (see its report)` }]);
      this.referrals.set(e, null);
    };
    if (Array.isArray(read)) return rejectAll(read);
    try {
      const participant = await this.participantFor(read.patient, 'ServiceRequest.subject');
      const timeZone = await this.siteZone(participant.siteId);
      const resourceId = await this.organizationFor(read.performer, sr.performer?.length ? 'ServiceRequest.performer' : 'Task.owner', timeZone);
      const times = this.stepTimes(read.createdAt, read.sentAt, read.movedAt, read.steps);
      const input = referralCreateInput.safeParse({ need: read.need, resourceId, urgency: read.urgency, notes: read.notes });
      if (!input.success) throw zodIssues(input.error.issues);
      const referral = await this.tx.transaction(async (sp) => {
        let current = await createReferral(sp, this.actor, participant.participantId, input.data, times.created);
        for (const [i, to] of read.steps.entries()) {
          const last = i === read.steps.length - 1;
          const step = referralTransitionInput.safeParse(stepInput(to, current.version, read, last));
          if (!step.success) throw zodIssues(step.error.issues);
          current = await transitionReferral(sp, this.actor, current.id, step.data, times.steps[i] ?? this.now).catch((err: unknown) => {
            if (err instanceof Conflict && err.code === 'consent_required') throw new Rejection([{ path: 'ServiceRequest.supportingInfo', message: `Cannot be sent: ${err.message}` }]);
            if (err instanceof Conflict) throw new Rejection([{ path: 'Task.status', message: `Cannot reach "${read.target}": ${err.message}` }]);
            throw err;
          });
        }
        return current;
      });
      this.referrals.set(e, referral.id);
      for (const t of taskEntries) this.handled.add(t);
      this.applied(e, {
        kind: 'referral_created',
        id: e.label,
        referralId: referral.id,
        status: referral.status,
        steps: ['draft', ...read.steps],
        tasks: taskEntries.map((t) => t.label),
      });
    } catch (err) {
      rejectAll(rejectionOf(err, REFERRAL_PATHS, 'ServiceRequest').issues);
    }
  }

  private async visibleReferral(id: string): Promise<boolean> {
    try {
      await getReferral(this.tx, this.actor, id, this.now);
      return true;
    } catch (err) {
      if (err instanceof NotFound) return false;
      throw err;
    }
  }

  /**
   * When each step happened: made at the Task's authoredOn, sent at the
   * ServiceRequest's authoredOn, the rest at the Task's lastModified (FHIR keeps no
   * time for the steps between); never in the future, never before the step before.
   */
  private stepTimes(createdAt: Date | null, sentAt: Date | null, movedAt: Date | null, steps: readonly ReferralStatus[]) {
    const future: [Date | null, string][] = [
      [createdAt, 'Task.authoredOn'],
      [sentAt, 'ServiceRequest.authoredOn'],
      [movedAt, 'Task.lastModified'],
    ];
    const late = future.filter(([d]) => d !== null && d > this.now);
    if (late.length) throw new Rejection(late.map(([, path]) => ({ path, message: 'Cannot be in the future' })));
    const created = createdAt ?? this.now;
    let previous = created;
    const times = steps.map((to) => {
      const wanted = to === 'sent' ? (sentAt ?? previous) : (movedAt ?? this.now);
      previous = wanted > previous ? wanted : previous;
      return previous;
    });
    return { created, steps: times };
  }

  /* ---------- Task (an update of a referral Tandem has) ---------- */

  private async taskUpdate(e: Entry): Promise<void> {
    const task = e.resource as unknown as Task;
    const focus = this.resolve(task.focus, 'ServiceRequest');
    if (focus && this.referrals.get(focus) === null) {
      this.reject(e, [{ path: 'Task.focus', message: `${focus.label} was not imported (see its report)` }]);
      return;
    }
    const update = readTaskUpdate(task);
    if (Array.isArray(update)) {
      this.reject(e, update);
      return;
    }
    try {
      const applied = await this.tx.transaction(async (sp) => {
        const current = await getReferral(sp, this.actor, update.referralId, this.now);
        if (update.basedOnVersion !== null && update.basedOnVersion !== current.version) {
          throw new Conflict(`The referral has changed since version ${String(update.basedOnVersion)} (it is at version ${String(current.version)})`, 'stale_version');
        }
        // The same status again changes nothing; for an appointment, the same appointment again (another is a reschedule).
        const sameAppointment =
          current.appointment !== null &&
          update.appointment !== null &&
          current.appointment.on === update.appointment.on &&
          current.appointment.time === update.appointment.time &&
          current.appointment.place === update.appointment.place;
        if (current.status === update.to && (update.to !== 'appointment_scheduled' || sameAppointment)) return { from: current.status, changed: false };
        await transitionReferral(sp, this.actor, update.referralId, transitionOf(update, current.version), this.now);
        return { from: current.status, changed: true };
      });
      this.applied(e, { kind: 'referral_status', id: e.label, referralId: update.referralId, from: applied.from, to: update.to, changed: applied.changed });
    } catch (err) {
      if (err instanceof ValidationError) this.reject(e, (err.details ?? []).map((d) => ({ path: `Task.${d.path}`, message: d.message })));
      else if (err instanceof NotFound) this.reject(e, [{ path: 'Task.focus', message: 'No Tandem referral with this id that you may see' }]);
      else if (err instanceof AppError) this.reject(e, [{ path: 'Task.status', message: err.message }]);
      else throw err;
    }
  }
}

/** The transition that brings a new referral one step along: the appointment and outcome from the Task; its note on the last step. */
function stepInput(to: ReferralStatus, version: number, read: Exclude<ReturnType<typeof readReferral>, ImportIssue[]>, last: boolean): unknown {
  const note = last ? read.note : null;
  switch (to) {
    case 'appointment_scheduled':
      return { to, version, note, appointmentOn: read.appointment?.on, appointmentTime: read.appointment?.time ?? null, appointmentPlace: read.appointment?.place ?? null };
    case 'closed':
      return { to, version, note, outcome: read.outcome ?? 'other' };
    case 'draft':
    case 'sent':
    case 'accepted':
    case 'declined':
    case 'attended':
    case 'no_show':
    case 'completed':
      return { to, version, note };
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
