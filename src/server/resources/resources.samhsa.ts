/**
 * SAMHSA Behavioral Health Treatment Services Locator (FindTreatment.gov) facility
 * records → HSDS organizations carrying Tandem's terms, imported like any HSDS file.
 * Each facility becomes an organization with one location and one service; its
 * locator codes (f2) and values (f3) travel as HSDS attributes of the "SAMHSA
 * treatment locator" taxonomy, so nothing of the record is lost on export.
 */
import type { InsuranceType, MoudMedication, ServiceCategory } from '../../core/resources.ts';
import { tandemAttribute, uuidV5 } from './resources.hsds.ts';

type Json = Record<string, unknown>;

export const SAMHSA_TAXONOMY = 'SAMHSA treatment locator';

interface SamhsaService {
  f1?: string;
  f2?: string;
  f3?: string;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** The values a facility lists under one locator code. */
function valuesOf(services: SamhsaService[], code: string): string[] {
  return services.filter((s) => s.f2 === code).flatMap((s) => (s.f3 ?? '').split(';').map((v) => v.trim()).filter(Boolean));
}

/** Medications for opioid use disorder the facility offers (not "accepts clients on opioid medication", not pain or emergency dosing). */
export function medicationsOf(services: SamhsaService[]): MoudMedication[] {
  const values = ['OT', 'PHR', 'OM'].flatMap((c) => valuesOf(services, c)).map((v) => v.toLowerCase());
  const offered = values.filter((v) => !v.includes('pain management') && !v.includes('emergency dosing') && !v.startsWith('do not') && !v.startsWith('does not'));
  const out: MoudMedication[] = [];
  if (offered.some((v) => v.includes('methadone'))) out.push('methadone');
  if (offered.some((v) => v.includes('buprenorphine'))) out.push('buprenorphine');
  if (offered.some((v) => v.includes('naltrexone'))) out.push('naltrexone');
  return out;
}

export function insuranceOf(services: SamhsaService[]): InsuranceType[] {
  const pay = valuesOf(services, 'PAY').map((v) => v.toLowerCase());
  const assistance = valuesOf(services, 'PYAS').map((v) => v.toLowerCase());
  const out: InsuranceType[] = [];
  if (pay.includes('medicaid')) out.push('medicaid');
  if (pay.includes('medicare')) out.push('medicare');
  if (pay.some((v) => v.startsWith('private health insurance'))) out.push('private');
  if (assistance.some((v) => v.startsWith('sliding fee scale') || v.startsWith('payment assistance'))) out.push('uninsured_sliding_scale');
  return out;
}

export function categoriesOf(services: SamhsaService[], medications: MoudMedication[]): ServiceCategory[] {
  const all = (code: string) => valuesOf(services, code).map((v) => v.toLowerCase());
  const out = new Set<ServiceCategory>();
  if (medications.length) out.add('moud');
  if (all('TC').length || all('SET').length) out.add('behavioral_health');
  const ancillary = [...all('AS'), ...all('EDU'), ...all('SCR')];
  const has = (...needles: string[]) => ancillary.some((v) => needles.some((n) => v.includes(n)));
  if (has('housing')) out.add('housing');
  if (has('transportation')) out.add('transportation');
  if (has('employment')) out.add('employment');
  if (has('obtaining social services')) out.add('benefits');
  if (has('integrated primary care')) out.add('primary_care');
  if (has('hiv testing', 'early intervention for hiv', 'screening for hepatitis')) out.add('hiv_hepatitis_care');
  if (has('naloxone', 'harm reduction', 'syringe')) out.add('harm_reduction');
  return [...out];
}

const LANGUAGE_CODES: Record<string, string> = {
  spanish: 'es', german: 'de', french: 'fr', polish: 'pl', arabic: 'ar', chinese: 'zh', vietnamese: 'vi', korean: 'ko', russian: 'ru',
  portuguese: 'pt', italian: 'it', tagalog: 'tl', hindi: 'hi', urdu: 'ur', hmong: 'hmn', 'haitian creole': 'ht', japanese: 'ja',
  'american sign language': 'ase', navajo: 'nv', somali: 'so', amharic: 'am', farsi: 'fa', persian: 'fa', ukrainian: 'uk',
};

/** English plus the "other languages" (OL) the facility names; names with no known code are kept in the raw attributes only. */
export function languagesOf(services: SamhsaService[]): string[] {
  const codes = valuesOf(services, 'OL').map((v) => LANGUAGE_CODES[v.toLowerCase()]).filter((c): c is string => c !== undefined);
  return ['en', ...new Set(codes)];
}

/** One locator record as an HSDS organization (with its location and service). */
export function samhsaToHsds(row: Json, fallbackTimeZone: string, timeZoneForState: (state: string | null, fallback: string) => string): Json {
  const frid = text(row.frid) ?? (typeof row._irow === 'number' ? `row-${row._irow}` : JSON.stringify(row).slice(0, 200));
  const orgId = uuidV5(`samhsa:${frid}`);
  const locationId = uuidV5(`samhsa-location:${frid}`);
  const serviceId = uuidV5(`samhsa-service:${frid}`);
  const services = (Array.isArray(row.services) ? row.services : []) as SamhsaService[];
  const medications = medicationsOf(services);
  const categories = categoriesOf(services, medications);
  const insurance = insuranceOf(services);
  const walkIn = valuesOf(services, 'EMS').some((v) => v.toLowerCase().includes('walk-in'));
  const name1 = text(row.name1);
  const name2 = text(row.name2);
  const state = text(row.state);
  const lat = Number(row.latitude);
  const lng = Number(row.longitude);
  const phones = [text(row.phone), text(row.intake1), text(row.hotline1)]
    .map((number, i) => (number ? { id: uuidV5(`samhsa-phone:${frid}:${i}`), location_id: locationId, number, description: ['Main', 'Intake', 'Hotline'][i] } : null))
    .filter((p) => p !== null);
  const raw = services.flatMap((s, i) =>
    (s.f3 ?? '')
      .split(';')
      .map((v) => v.trim())
      .filter(Boolean)
      .map((value, j) => {
        const termId = uuidV5(`samhsa-term:${s.f2 ?? ''}:${value}`);
        return {
          id: uuidV5(`samhsa-attribute:${frid}:${i}:${j}`),
          link_id: serviceId,
          link_type: SAMHSA_TAXONOMY,
          link_entity: 'service',
          taxonomy_term_id: termId,
          value,
          taxonomy_term: { id: termId, code: s.f2 ?? '', name: value, description: s.f1?.trim() ?? '', taxonomy: SAMHSA_TAXONOMY },
        };
      }),
  );
  const typeOfCare = valuesOf(services, 'TC');
  const settings = valuesOf(services, 'SET');
  return {
    id: orgId,
    name: name1 ?? '',
    ...(name2 ? { alternate_name: name2 } : {}),
    description: [typeOfCare.join('; '), settings.length ? `Settings: ${settings.join('; ')}` : ''].filter(Boolean).join('. '),
    ...(text(row.website) ? { website: text(row.website) } : {}),
    organization_identifiers: [{ id: uuidV5(`samhsa-frid:${frid}`), identifier_scheme: 'SAMHSA', identifier_type: 'Treatment locator facility id (frid)', identifier: frid }],
    locations: [
      {
        id: locationId,
        organization_id: orgId,
        location_type: 'physical',
        name: name2 ?? name1 ?? '',
        ...(Number.isFinite(lat) && Number.isFinite(lng) && text(row.latitude) && text(row.longitude) ? { latitude: lat, longitude: lng } : {}),
        addresses: [
          {
            id: uuidV5(`samhsa-address:${frid}`),
            location_id: locationId,
            address_1: text(row.street1) ?? '',
            ...(text(row.street2) ? { address_2: text(row.street2) } : {}),
            city: text(row.city) ?? '',
            state_province: state ?? '',
            postal_code: text(row.zip) ?? '',
            country: 'US',
            address_type: 'physical',
          },
        ],
        ...(phones.length ? { phones } : {}),
        attributes: [tandemAttribute(locationId, 'location', 'time_zone', timeZoneForState(state, fallbackTimeZone))],
      },
    ],
    services: [
      {
        id: serviceId,
        organization_id: orgId,
        name: typeOfCare.length ? typeOfCare.join(' and ') : row.typeFacility === 'MH' ? 'Mental health treatment' : 'Substance use treatment',
        status: 'active',
        languages: languagesOf(services).map((code) => ({ id: uuidV5(`samhsa-language:${frid}:${code}`), service_id: serviceId, code })),
        attributes: [
          ...categories.map((c) => tandemAttribute(serviceId, 'service', `category:${c}`)),
          ...medications.map((m) => tandemAttribute(serviceId, 'service', `medication:${m}`)),
          ...insurance.map((i) => tandemAttribute(serviceId, 'service', `insurance:${i}`)),
          tandemAttribute(serviceId, 'service', 'walk_in', String(walkIn)),
          ...raw,
        ],
        service_at_locations: [{ id: uuidV5(`samhsa-sal:${frid}`), service_id: serviceId, location_id: locationId }],
      },
    ],
  };
}

/** The locator's API answer (`{rows: [...]}`) or a plain list of its records. */
export function samhsaRows(input: unknown): Json[] {
  const rows = Array.isArray(input) ? input : typeof input === 'object' && input !== null && Array.isArray((input as Json).rows) ? ((input as Json).rows as unknown[]) : null;
  if (!rows) throw new Error('Not a SAMHSA treatment-locator file: expected {"rows": [...]} or a list of facility records');
  return rows.filter((r): r is Json => typeof r === 'object' && r !== null);
}
