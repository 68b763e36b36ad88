/**
 * BARC-10, the Brief Assessment of Recovery Capital (Vilsaint, Kelly, Bergman,
 * Groshkova, Best & White, 2017, Drug and Alcohol Dependence 177:71-76): ten
 * statements from the Assessment of Recovery Capital, each on a six-point
 * agreement scale scored 1-6, total 10-60. In the validation study a total of 47
 * or more best distinguished people in sustained remission; it is a guide for a
 * conversation, not a diagnosis. Spanish wording: Tandem's translation.
 */
import type { InstrumentDefinition } from '../../../core/assessments.ts';

export const BARC10_INSTRUMENT_ID = '7a1c0e52-3b4d-4f0a-9e21-b4a5c0d10001';
export const BARC10_VERSION_ID = '7a1c0e52-3b4d-4f0a-9e21-b4a5c0d11001';

const AGREEMENT = [
  { value: 'strongly_disagree', score: 1, label: { en: 'Strongly disagree', es: 'Muy en desacuerdo' } },
  { value: 'disagree', score: 2, label: { en: 'Disagree', es: 'En desacuerdo' } },
  { value: 'somewhat_disagree', score: 3, label: { en: 'Somewhat disagree', es: 'Algo en desacuerdo' } },
  { value: 'somewhat_agree', score: 4, label: { en: 'Somewhat agree', es: 'Algo de acuerdo' } },
  { value: 'agree', score: 5, label: { en: 'Agree', es: 'De acuerdo' } },
  { value: 'strongly_agree', score: 6, label: { en: 'Strongly agree', es: 'Muy de acuerdo' } },
];

const STATEMENTS: [string, string][] = [
  ['There are more important things to me in life than using substances.', 'Hay cosas más importantes para mí en la vida que consumir sustancias.'],
  ['In general I am happy with my life.', 'En general, estoy contento/a con mi vida.'],
  ['I have enough energy to complete the tasks I set myself.', 'Tengo suficiente energía para completar las tareas que me propongo.'],
  ['I am proud of the community I live in and feel a part of it.', 'Estoy orgulloso/a de la comunidad en la que vivo y me siento parte de ella.'],
  ['I get lots of support from friends.', 'Recibo mucho apoyo de mis amigos.'],
  [
    'I regard my life as challenging and fulfilling without the need for using drugs or alcohol.',
    'Considero que mi vida es desafiante y satisfactoria sin necesidad de consumir drogas ni alcohol.',
  ],
  ['My living space has helped to drive my recovery journey.', 'Mi lugar donde vivo me ha ayudado a impulsar mi camino de recuperación.'],
  ['I take full responsibility for my actions.', 'Asumo toda la responsabilidad de mis actos.'],
  ['I am happy dealing with a range of professional people.', 'Me siento bien tratando con distintos tipos de profesionales.'],
  ['I am making good progress on my recovery journey.', 'Estoy avanzando bien en mi camino de recuperación.'],
];

export const barc10: InstrumentDefinition = {
  key: 'barc10',
  version: 1,
  languages: ['en', 'es'],
  title: { en: 'BARC-10: Brief Assessment of Recovery Capital', es: 'BARC-10: Evaluación breve del capital de recuperación' },
  description: {
    en: 'For each statement, choose how much you agree or disagree right now.',
    es: 'Para cada afirmación, elija qué tan de acuerdo o en desacuerdo está ahora.',
  },
  source: 'Vilsaint CL, Kelly JF, Bergman BG, et al. Drug and Alcohol Dependence 2017;177:71-76.',
  items: STATEMENTS.map(([en, es], i) => ({
    id: `barc_${String(i + 1)}`,
    type: 'single_choice' as const,
    prompt: { en, es },
    required: true,
    options: AGREEMENT,
  })),
  scoring: {
    type: 'sum',
    min: 10,
    max: 60,
    flags: [
      {
        key: 'at_or_above_47',
        atLeast: 47,
        label: {
          en: '47 or more: in the range the BARC-10 study found associated with sustained remission',
          es: '47 o más: en el rango que el estudio del BARC-10 asoció con la remisión sostenida',
        },
      },
    ],
  },
};
