/** Inputs and answers of the FHIR endpoints (one schema per input, shared by the server and the CLI). */
import { z } from 'zod';
import { CONSENT_INFORMATION, CONSENT_PURPOSES } from '../consents.ts';
import { uuid } from '../schemas.ts';

/** Information a disclosure to an outside party carries unless the caller narrows it: everything but contact notes (never exported). */
export const DEFAULT_DISCLOSED: readonly (typeof CONSENT_INFORMATION)[number][] = CONSENT_INFORMATION.filter((i) => i !== 'contact_notes');

export const fhirExportQuery = z
  .object({
    /**
     * The directory organization the Bundle is for. Absent: the program's own copy
     * (everything the caller may see). Present: a disclosure, limited to the
     * information named, checked against the participant's consents and recorded
     * in the accounting of disclosures.
     */
    recipientResourceId: uuid.optional(),
    purpose: z.enum(CONSENT_PURPOSES).optional(),
    /** Comma-separated kinds of information (default: all but contact notes). */
    information: z
      .string()
      .transform((v) => [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))])
      .pipe(z.array(z.enum(CONSENT_INFORMATION)).min(1, 'Name at least one kind of information'))
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (q.recipientResourceId && !q.purpose) ctx.addIssue({ code: 'custom', path: ['purpose'], message: 'Say why the record goes to this organization' });
    if (q.information?.includes('contact_notes')) {
      ctx.addIssue({ code: 'custom', path: ['information'], message: 'Contact notes are never exported: leave contact_notes out' });
    }
    if (!q.recipientResourceId && (q.purpose || q.information)) {
      ctx.addIssue({ code: 'custom', path: ['recipientResourceId'], message: 'Purpose and information apply to a disclosure: name the recipient' });
    }
  });
export type FhirExportQuery = z.infer<typeof fhirExportQuery>;

/** A FHIR Bundle as sent: its entries' resources are read one by one (each is reported on its own). */
export const fhirImportInput = z.object({
  resourceType: z.literal('Bundle', { error: 'Must be a FHIR Bundle' }),
  type: z.string().optional(),
  entry: z
    .array(
      z.looseObject({
        fullUrl: z.string().optional(),
        resource: z.looseObject({ resourceType: z.string().min(1), id: z.string().optional() }),
      }),
    )
    .max(1000, 'At most 1000 entries per Bundle')
    .default([]),
});
export type FhirImportInput = z.infer<typeof fhirImportInput>;

/** Where participants created from Patient resources go (else the Patient's managingOrganization, if it names one of your sites). */
export const fhirImportQuery = z.object({ siteId: uuid.optional() });
export type FhirImportQuery = z.infer<typeof fhirImportQuery>;

export const fhirImportOutput = z.object({
  applied: z.array(
    z.discriminatedUnion('kind', [
      z.object({
        kind: z.literal('referral_status'),
        /** The resource as named in the Bundle (`Task/<id>`). */
        id: z.string(),
        referralId: z.string(),
        from: z.string(),
        to: z.string(),
        /** False when the referral already stood there (nothing to do). */
        changed: z.boolean(),
      }),
      z.object({ kind: z.literal('participant_created'), id: z.string(), participantId: z.string() }),
      /** The Patient carries the Tandem identifier of a participant you may see: nothing changed, the Bundle's other resources attach to them. */
      z.object({ kind: z.literal('participant_matched'), id: z.string(), participantId: z.string() }),
      /** A directory organization added from the Bundle (with its Locations and HealthcareServices, the parts). */
      z.object({ kind: z.literal('organization_created'), id: z.string(), resourceId: z.string(), parts: z.array(z.string()) }),
      /** The organization is in the directory already (by Tandem identifier, or name and address): nothing changed. */
      z.object({ kind: z.literal('organization_matched'), id: z.string(), resourceId: z.string(), parts: z.array(z.string()) }),
      /** A Part 2 consent recorded (and revoked, for an inactive Consent that ended today). */
      z.object({ kind: z.literal('consent_recorded'), id: z.string(), consentId: z.string(), revoked: z.boolean() }),
      /** The same consent is recorded already (same Tandem identifier, or same recipient, information, purposes and dates): nothing changed. */
      z.object({ kind: z.literal('consent_matched'), id: z.string(), consentId: z.string() }),
      /** A new referral, moved through `steps` to where its Task says it stands (the Tasks named were read for it). */
      z.object({ kind: z.literal('referral_created'), id: z.string(), referralId: z.string(), status: z.string(), steps: z.array(z.string()), tasks: z.array(z.string()) }),
      /** The ServiceRequest is a referral Tandem has: nothing changed (its Task moves it). */
      z.object({ kind: z.literal('referral_matched'), id: z.string(), referralId: z.string() }),
    ]),
  ),
  rejected: z.array(z.object({ id: z.string(), path: z.string(), message: z.string() })),
});
export type FhirImportReport = z.infer<typeof fhirImportOutput>;

/** The answer of the export: a FHIR Bundle (validated as FHIR in the tests, passed through here). */
export const fhirBundleOutput = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.literal('collection'),
  entry: z.array(z.looseObject({ fullUrl: z.string(), resource: z.looseObject({ resourceType: z.string() }) })),
});
