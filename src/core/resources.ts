/**
 * The resource directory: organizations, the places they work from and the
 * services they offer there. Vocabularies, the input and output schemas, and the
 * pure rules the server, the web app and the CLI share: is a place open now (in
 * its own time zone, overnight hours included), and how far is it.
 */
import { z } from 'zod';

export const SERVICE_CATEGORIES = [
  'moud',
  'behavioral_health',
  'primary_care',
  'hiv_hepatitis_care',
  'housing',
  'employment',
  'food',
  'child_care',
  'legal',
  'harm_reduction',
  'transportation',
  'benefits',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

export const MOUD_MEDICATIONS = ['methadone', 'buprenorphine', 'naltrexone'] as const;
export type MoudMedication = (typeof MOUD_MEDICATIONS)[number];

export const INSURANCE_TYPES = ['medicaid', 'medicare', 'private', 'uninsured_sliding_scale'] as const;
export type InsuranceType = (typeof INSURANCE_TYPES)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Languages offered in the directory's search; any BCP 47 tag is accepted on a record. */
export const DIRECTORY_LANGUAGES = ['en', 'es', 'pl', 'ar', 'zh', 'vi', 'ht', 'pt', 'ru', 'fr', 'ko', 'tl', 'ase'] as const;

/* ---------- hours ---------- */

export interface OpeningHours {
  day: Weekday;
  /** Local time "HH:MM" at the location. */
  opens: string;
  /** Local time "HH:MM"; "24:00" is midnight at the end of the day. Earlier than `opens` means the interval runs past midnight. */
  closes: string;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** True when the interval runs past midnight into the next day (22:00–06:00). */
export function isOvernight(h: Pick<OpeningHours, 'opens' | 'closes'>): boolean {
  return minutesOf(h.closes) <= minutesOf(h.opens);
}

/** The weekday and minute of the day at `instant` in `timeZone`. */
export function localWeekTime(instant: Date, timeZone: string): { day: Weekday; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('weekday').toLowerCase().slice(0, 3) as Weekday;
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

const previousDay = (day: Weekday): Weekday => WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7] ?? 'sun';

/**
 * Open at `instant`? Hours are local to the location's time zone; an overnight
 * interval that opens on Friday at 22:00 still counts early on Saturday. Null when
 * the location has no hours on record (we do not know, which is not "closed").
 */
export function isOpenAt(hours: readonly OpeningHours[], timeZone: string, instant: Date): boolean | null {
  if (hours.length === 0) return null;
  const { day, minute } = localWeekTime(instant, timeZone);
  const yesterday = previousDay(day);
  return hours.some((h) => {
    const opens = minutesOf(h.opens);
    const closes = minutesOf(h.closes);
    if (!isOvernight(h)) return h.day === day && minute >= opens && minute < closes;
    return (h.day === day && minute >= opens) || (h.day === yesterday && minute < closes);
  });
}

/* ---------- distance ---------- */

export const EARTH_RADIUS_MILES = 3958.8;
export const KM_PER_MILE = 1.609344;

/** Great-circle distance in miles (haversine); the SQL search uses the same formula. */
export function distanceMiles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLng = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A latitude/longitude box that holds every point within `miles` of the centre (to narrow the search by index first). */
export function boundingBox(centre: { latitude: number; longitude: number }, miles: number) {
  const dLat = miles / 69.0;
  const cos = Math.cos((centre.latitude * Math.PI) / 180);
  const dLng = cos < 0.01 ? 180 : Math.min(180, miles / (69.172 * cos));
  return { minLat: centre.latitude - dLat, maxLat: centre.latitude + dLat, minLng: centre.longitude - dLng, maxLng: centre.longitude + dLng };
}

/* ---------- schemas ---------- */

const text = (max: number) => z.string().trim().min(1, 'Required').max(max, `At most ${max} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters`)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use a 24-hour time such as 08:30 (24:00 for midnight at the end of the day)');

export const openingHours = z
  .object({ day: z.enum(WEEKDAYS), opens: hhmm, closes: hhmm })
  .refine((h) => h.opens !== h.closes, { message: 'Closing time must differ from opening time (use 00:00 to 24:00 for all day)', path: ['closes'] })
  .refine((h) => h.opens !== '24:00', { message: 'Use 00:00 for an opening at midnight', path: ['opens'] });

export const ianaTimeZone = z
  .string()
  .trim()
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Not a known IANA time zone (for example America/Chicago)');

const languageTag = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'Use a language code such as en, es or zh-Hant')
  .transform((v) => v.toLowerCase());

/** A list in which each value appears once, in the order first given. */
const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .transform((values) => [...new Set(values)] as z.output<T>[]);

export const latitude = z.number().min(-90, 'Between -90 and 90').max(90, 'Between -90 and 90');
export const longitude = z.number().min(-180, 'Between -180 and 180').max(180, 'Between -180 and 180');

export const resourceLocationInput = z
  .object({
    /** The id of a location this resource already has; absent for a new one. */
    id: z.uuid('Must be an id (UUID)').optional(),
    name: optionalText(200),
    address1: optionalText(200),
    address2: optionalText(200),
    city: optionalText(100),
    state: optionalText(50),
    postalCode: optionalText(20),
    latitude: latitude.nullable().optional().transform((v) => v ?? null),
    longitude: longitude.nullable().optional().transform((v) => v ?? null),
    timeZone: ianaTimeZone,
    phone: optionalText(40),
    languages: uniqueList(languageTag, 30).default([]),
    hours: z.array(openingHours).max(50).default([]),
  })
  .superRefine((l, ctx) => {
    if ((l.latitude === null) !== (l.longitude === null)) {
      ctx.addIssue({ code: 'custom', path: [l.latitude === null ? 'latitude' : 'longitude'], message: 'Give both latitude and longitude, or neither' });
    }
  });
export type ResourceLocationInput = z.infer<typeof resourceLocationInput>;

export const resourceServiceInput = z.object({
  id: z.uuid('Must be an id (UUID)').optional(),
  name: text(200),
  description: optionalText(4000),
  /** May be empty (a record imported from another directory); such a service is found by name, medication or insurance. */
  categories: uniqueList(z.enum(SERVICE_CATEGORIES), SERVICE_CATEGORIES.length).default([]),
  medications: uniqueList(z.enum(MOUD_MEDICATIONS), MOUD_MEDICATIONS.length).default([]),
  insurance: uniqueList(z.enum(INSURANCE_TYPES), INSURANCE_TYPES.length).default([]),
  walkIn: z.boolean().default(false),
  acceptingNewClients: z.boolean().default(true),
  languages: uniqueList(languageTag, 30).default([]),
  /** Positions, in this resource's `locations`, of the places the service is offered at. */
  atLocations: uniqueList(z.number().int().min(0), 200).default([]),
});
export type ResourceServiceInput = z.infer<typeof resourceServiceInput>;

const resourceFields = {
  name: text(200),
  alternateName: optionalText(200),
  description: optionalText(4000),
  website: optionalText(500).pipe(z.url('Not a web address (start with https://)').nullable()),
  email: optionalText(254).pipe(z.email('Not a valid e-mail address').nullable()),
  phone: optionalText(40),
  locations: z.array(resourceLocationInput).max(200).default([]),
  services: z.array(resourceServiceInput).max(200).default([]),
};

/** Cross-field rules: a service is offered at locations this resource has, and offering MOUD names a medication. */
function checkDocument(doc: { locations: unknown[]; services: ResourceServiceInput[] }, ctx: z.RefinementCtx) {
  doc.services.forEach((s, i) => {
    s.atLocations.forEach((n, j) => {
      if (n >= doc.locations.length) ctx.addIssue({ code: 'custom', path: ['services', i, 'atLocations', j], message: 'No such location in this resource' });
    });
    if (s.medications.length > 0 && !s.categories.includes('moud')) {
      ctx.addIssue({ code: 'custom', path: ['services', i, 'categories'], message: 'A service that offers medication for opioid use disorder is in the MOUD category' });
    }
  });
}

export const resourceCreateInput = z.object(resourceFields).superRefine(checkDocument);
export type ResourceCreateInput = z.infer<typeof resourceCreateInput>;

/** A resource is saved whole (organization, locations, services) with the version read. */
export const resourceUpdateInput = z.object({ ...resourceFields, version: z.number({ error: 'Required: the version you read' }).int().min(1) }).superRefine(checkDocument);
export type ResourceUpdateInput = z.infer<typeof resourceUpdateInput>;

export const resourceLocationOutput = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  address1: z.string().nullable(),
  address2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  timeZone: z.string(),
  phone: z.string().nullable(),
  languages: z.array(z.string()),
  hours: z.array(z.object({ day: z.enum(WEEKDAYS), opens: z.string(), closes: z.string() })),
});
export type ResourceLocation = z.infer<typeof resourceLocationOutput>;

export const resourceServiceOutput = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  categories: z.array(z.enum(SERVICE_CATEGORIES)),
  medications: z.array(z.enum(MOUD_MEDICATIONS)),
  insurance: z.array(z.enum(INSURANCE_TYPES)),
  walkIn: z.boolean(),
  acceptingNewClients: z.boolean(),
  languages: z.array(z.string()),
  atLocations: z.array(z.number().int()),
});
export type ResourceService = z.infer<typeof resourceServiceOutput>;

export const RESOURCE_SOURCES = ['tandem', 'hsds', 'samhsa'] as const;

export const resourceOutput = z.object({
  id: z.uuid(),
  /** The record's id in Open Referral HSDS exports and imports (its own id unless it came from elsewhere). */
  hsdsId: z.string(),
  source: z.enum(RESOURCE_SOURCES),
  name: z.string(),
  alternateName: z.string().nullable(),
  description: z.string().nullable(),
  website: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locations: z.array(resourceLocationOutput),
  services: z.array(resourceServiceOutput),
  archived: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Resource = z.infer<typeof resourceOutput>;

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');
const queryNumber = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, 'Must be a number')
  .transform(Number);

export const resourceSearchQuery = z
  .object({
    /** Words of the organization's or service's name. */
    q: z.string().trim().max(100).optional(),
    category: csvOf(SERVICE_CATEGORIES).optional(),
    medication: csvOf(MOUD_MEDICATIONS).optional(),
    insurance: csvOf(INSURANCE_TYPES).optional(),
    language: languageTag.optional(),
    walkIn: queryBool.optional(),
    acceptingNewClients: queryBool.optional(),
    openNow: queryBool.optional(),
    lat: queryNumber.pipe(latitude).optional(),
    lng: queryNumber.pipe(longitude).optional(),
    zip: z.string().trim().regex(/^\d{5}(-\d{4})?$/, 'Use a 5-digit ZIP code').optional(),
    radiusMiles: queryNumber.pipe(z.number().positive('Must be more than 0').max(500, 'At most 500 miles')).optional(),
    includeArchived: queryBool.optional(),
    limit: queryNumber.pipe(z.number().int().min(1).max(100)).default(25),
  })
  .superRefine((q, ctx) => {
    if ((q.lat === undefined) !== (q.lng === undefined)) {
      ctx.addIssue({ code: 'custom', path: [q.lat === undefined ? 'lat' : 'lng'], message: 'Give both lat and lng' });
    }
    if (q.zip !== undefined && q.lat !== undefined) ctx.addIssue({ code: 'custom', path: ['zip'], message: 'Search near coordinates or a ZIP code, not both' });
  });
export type ResourceSearchQuery = z.infer<typeof resourceSearchQuery>;

export const resourceSearchHit = z.object({
  resourceId: z.uuid(),
  resourceName: z.string(),
  website: z.string().nullable(),
  location: resourceLocationOutput,
  /** The services offered at this location that match the search. */
  services: z.array(resourceServiceOutput.omit({ atLocations: true })),
  /** Miles from the search's origin; null without an origin or without coordinates. */
  distanceMiles: z.number().nullable(),
  /** Null when the location has no hours on record. */
  openNow: z.boolean().nullable(),
});
export type ResourceSearchHit = z.infer<typeof resourceSearchHit>;

export const resourceSearchOutput = z.object({
  items: z.array(resourceSearchHit),
  origin: z.object({ latitude: z.number(), longitude: z.number(), source: z.enum(['coordinates', 'zip']) }).nullable(),
  /** True when more places matched than `limit`. */
  more: z.boolean(),
});
export type ResourceSearchOutput = z.infer<typeof resourceSearchOutput>;

export const hsdsImportReport = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  /** Records left out, each with the HSDS id and the fields that failed. */
  invalid: z.array(z.object({ type: z.string(), id: z.string().nullable(), issues: z.array(z.object({ path: z.string(), message: z.string() })) })),
});
export type HsdsImportReport = z.infer<typeof hsdsImportReport>;
