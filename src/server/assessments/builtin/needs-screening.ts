/**
 * The needs screening: one question per life domain, answered need / no need /
 * declined to answer. It has no score; its result is the list of needs found
 * (core needsFound), each of which can become a plan goal or a referral.
 */
import { NEED_VALUE, type InstrumentDefinition } from '../../../core/assessments.ts';

export const NEEDS_INSTRUMENT_ID = '7a1c0e52-3b4d-4f0a-9e21-b4a5c0d10002';
export const NEEDS_VERSION_ID = '7a1c0e52-3b4d-4f0a-9e21-b4a5c0d12001';

const ANSWERS = [
  { value: NEED_VALUE, label: { en: 'Needs help', es: 'Necesita ayuda' } },
  { value: 'no_need', label: { en: 'No need now', es: 'No lo necesita ahora' } },
  { value: 'declined', label: { en: 'Declined to answer', es: 'Prefirió no responder' } },
];

const DOMAINS: [string, string, string][] = [
  ['housing', 'A safe, stable place to live', 'Un lugar seguro y estable donde vivir'],
  ['health_insurance', 'Health insurance (Medicaid or other coverage)', 'Seguro médico (Medicaid u otra cobertura)'],
  ['food', 'Enough food for the coming weeks', 'Suficiente comida para las próximas semanas'],
  ['income_employment', 'Income or a job', 'Ingresos o empleo'],
  ['transportation', 'Transportation to appointments and work', 'Transporte a citas y al trabajo'],
  ['child_care', 'Child care', 'Cuidado de niños'],
  ['legal', 'Legal matters (court dates, probation, parole, fines)', 'Asuntos legales (citas en la corte, libertad condicional, multas)'],
  ['identification', 'Identification documents (state ID, Social Security card, birth certificate)', 'Documentos de identidad (identificación estatal, tarjeta del Seguro Social, acta de nacimiento)'],
  ['medical_care', 'Medical care (a primary care provider, HIV or hepatitis care)', 'Atención médica (médico de cabecera, atención del VIH o la hepatitis)'],
  ['mental_health', 'Mental health care or counseling', 'Atención de salud mental o consejería'],
  ['moud_treatment', 'Medication for opioid use disorder (MOUD) or other treatment', 'Medicamento para el trastorno por consumo de opioides (MOUD) u otro tratamiento'],
];

export const needsScreening: InstrumentDefinition = {
  key: 'needs_screening',
  version: 1,
  languages: ['en', 'es'],
  title: { en: 'Needs screening', es: 'Evaluación de necesidades' },
  description: {
    en: 'For each area of life, does the participant need help with it now?',
    es: 'Para cada área de la vida, ¿necesita la persona ayuda con esto ahora?',
  },
  items: DOMAINS.map(([domain, en, es]) => ({
    id: domain,
    type: 'single_choice' as const,
    prompt: { en, es },
    required: true,
    domain,
    options: ANSWERS,
  })),
  scoring: { type: 'none' },
};

/** The life domains the screening asks about, in order. */
export const NEED_DOMAINS = DOMAINS.map(([domain]) => domain);
