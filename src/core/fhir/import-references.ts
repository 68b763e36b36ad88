/**
 * What the FHIR import reads the same way for every kind of resource: a problem
 * named by its FHIR path, Tandem's own identifiers (urn:uuid values), the
 * references between the resources of a Bundle, and dates.
 */
import type { Identifier, Reference } from '@medplum/fhirtypes';
import { SYSTEM } from './codes.ts';

export interface ImportIssue {
  /** The FHIR path, starting with the resource type (`Consent.provision.period.end`). */
  path: string;
  message: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string | undefined | null): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The Tandem id an identifier carries (`urn:ietf:rfc:3986` + `urn:uuid:<id>`, as Tandem exports them), lower case. */
export function tandemIdOf(identifiers: readonly Identifier[] | undefined): string | null {
  for (const i of identifiers ?? []) {
    const value = i.system === SYSTEM.uri ? i.value?.replace(/^urn:uuid:/i, '') : undefined;
    if (isUuid(value)) return value.toLowerCase();
  }
  return null;
}

/** `Patient/abc`, `https://host/fhir/Patient/abc` or `Patient/abc/_history/2` → { type: 'Patient', id: 'abc' }. */
export function parseReference(reference: string | undefined): { type: string; id: string } | null {
  const m = reference?.match(/(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/);
  return m?.[1] && m[2] ? { type: m[1], id: m[2] } : null;
}

/** The Tandem id a reference names outright: `Type/<uuid>` or an identifier with a urn:uuid value. */
export function tandemIdOfReference(ref: Reference | undefined, type: string): string | null {
  const parsed = parseReference(ref?.reference);
  if (parsed?.type === type && isUuid(parsed.id)) return parsed.id.toLowerCase();
  return tandemIdOf(ref?.identifier ? [ref.identifier] : undefined);
}

/** A FHIR date or dateTime → its calendar date (YYYY-MM-DD), or null when it has no full date. */
export function calendarDate(value: string | undefined): string | null {
  const m = value?.match(/^(\d{4}-\d{2}-\d{2})(?:T|$)/);
  return m?.[1] ?? null;
}

/** A FHIR instant or dateTime with a time → a Date, or null. */
export function instantOf(value: string | undefined): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}
