/** The contact form as the person sees it (strings and lists), and its conversion to the API input. */
import {
  contactCreateInput,
  contactTimeIssues,
  defaultLocationFor,
  type AttemptOutcome,
  type ContactLocation,
  type ContactMode,
  type ContactService,
} from '../../../core/contacts.ts';
import type { FieldIssue } from '../../api/errors.ts';

export interface ContactFormValues {
  date: string;
  time: string;
  reached: 'yes' | 'no';
  attemptOutcome: AttemptOutcome | '';
  mode: ContactMode;
  locationType: ContactLocation;
  /** Once the person picks a place, changing the mode no longer moves it. */
  locationChosen: boolean;
  duration: string;
  staffIds: string[];
  services: ContactService[];
  note: string;
}

/** Fields in the order they appear on the form: for the error summary and focus. */
export const CONTACT_FIELDS = ['occurredAt', 'reached', 'attemptOutcome', 'mode', 'locationType', 'durationMinutes', 'staffIds', 'services', 'note'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** The control to focus for a field's error (groups: their first choice). */
export function controlIdFor(field: ContactField): string {
  switch (field) {
    case 'occurredAt':
      return 'field-date';
    case 'reached':
    case 'attemptOutcome':
    case 'mode':
    case 'staffIds':
    case 'services':
      return `field-${field}-0`;
    case 'locationType':
    case 'durationMinutes':
    case 'note':
      return `field-${field}`;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Now, in person (in custody for someone still inside), reached, me. */
export function defaultValues(now: Date, me: string, inCustody: boolean): ContactFormValues {
  const mode: ContactMode = inCustody ? 'in_custody' : 'in_person';
  return {
    date: `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`,
    time: `${pad(now.getHours())}:${pad(now.getMinutes())}`,
    reached: 'yes',
    attemptOutcome: '',
    mode,
    locationType: defaultLocationFor(mode),
    locationChosen: false,
    duration: '',
    staffIds: [me],
    services: [],
    note: '',
  };
}

/** The request body. Values are passed as typed; the schema says what is wrong. */
export function toInput(v: ContactFormValues): Record<string, unknown> {
  const local = new Date(`${v.date}T${v.time}`);
  const reached = v.reached === 'yes';
  const duration = v.duration.trim();
  return {
    occurredAt: Number.isNaN(local.getTime()) ? `${v.date}T${v.time}` : local.toISOString(),
    durationMinutes: duration === '' ? null : Number(duration),
    mode: v.mode,
    locationType: v.locationType,
    staffIds: v.staffIds,
    reached,
    attemptOutcome: reached ? null : v.attemptOutcome || null,
    services: reached ? v.services : [],
    note: v.note,
  };
}

/** The form's own check, with the same schema and rules as the server. */
export function validate(v: ContactFormValues, now: Date): FieldIssue[] {
  const input = toInput(v);
  const parsed = contactCreateInput.safeParse(input);
  const issues: FieldIssue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  if (typeof input.occurredAt === 'string' && !issues.some((i) => i.path === 'occurredAt')) issues.push(...contactTimeIssues(input.occurredAt, now));
  return issues;
}

/** Issues by their field (the first segment of the path: services.0 → services). */
export function errorsByField(issues: readonly FieldIssue[]): { byField: Partial<Record<ContactField, string>>; other: string[] } {
  const byField: Partial<Record<ContactField, string>> = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = issue.path.split('.')[0] as ContactField;
    if ((CONTACT_FIELDS as readonly string[]).includes(field)) byField[field] ??= issue.message;
    else other.push(issue.message);
  }
  return { byField, other };
}
