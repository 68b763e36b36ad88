/** What a coach writes after a contact: short, plain, the way notes are really written. */
import type { AttemptOutcome, ContactMode, ContactService } from '../core/contacts.ts';
import type { Random } from './random.ts';

const CUSTODY = [
  'Met in the visiting room. Talked about what the first week out looks like and who will pick them up.',
  'Pre-release visit. Went over the naloxone kit and how to use it; they want a kit for their mom too.',
  'In-reach visit. They are interested in buprenorphine; will ask medical about starting before release.',
  'Checked in on the release date. Still waiting on the court. Mood is good, attending the group inside.',
  'Worked on the plan for release: ID, Medicaid application, and a bed at the recovery home.',
  'Short visit, count was late. Confirmed they still want us there on release day.',
];

const IN_PERSON = [
  'Met at the coffee shop near the clinic. Doing well on methadone, asked about GED classes.',
  'Home visit. Apartment is stable; talked about triggers at the family gathering this weekend.',
  'Met at the office. Filled out the SNAP renewal together. Brought a harm reduction kit.',
  'Went with them to the intake appointment at the health center. Next appointment is in two weeks.',
  'Walked over to the pharmacy together to pick up the prescription. Talked about the job search.',
  'Met after the NA meeting. Says things are hard with their partner; made a plan for the weekend.',
];

const REMOTE = [
  'Phone check-in. Took their dose today, has a ride to the clinic tomorrow.',
  'Video call. Feeling anxious about court next week; will go with them.',
  'Texted about the housing appointment; they confirmed and asked for the address.',
  'Called to remind them about the Medicaid interview. They had already done it.',
  'Talked through a rough night. No use; called their sponsor too. Will check in tomorrow.',
];

const ATTEMPTS: Record<AttemptOutcome, readonly string[]> = {
  no_answer: ['Called, no answer, voicemail full.', 'No answer. Will try again in the morning.', ''],
  left_message: ['Left a voicemail asking them to call back.', 'Left a message with their sister.', ''],
  wrong_number: ['Number is disconnected. Will ask the clinic for a new one.', 'Wrong number: someone else answered.'],
  not_at_location: ['Went by the address; nobody there. Neighbor said they moved.', 'Not at the shelter today.'],
  refused: ['Said they did not want to talk today. Respected that; will try next week.'],
};

export function reachedNote(rng: Random, mode: ContactMode, services: readonly ContactService[]): string | null {
  if (rng.chance(0.12)) return null;
  const pool = mode === 'in_custody' ? CUSTODY : mode === 'in_person' ? IN_PERSON : REMOTE;
  const note = rng.pick(pool);
  return services.includes('crisis_support') ? `${note} Stayed with them until things settled.` : note;
}

export function attemptNote(rng: Random, outcome: AttemptOutcome): string | null {
  const note = rng.pick(ATTEMPTS[outcome]);
  return note === '' ? null : note;
}

/** Corrections told in the demo: a wrong date, a wrong clinic, a detail added. */
export const DEMO_ADDENDA = [
  { text: 'Correction: the release date they gave is the 21st, not the 12th (confirmed with records).', reason: 'Wrong date in the note' },
  { text: 'The appointment was at Westside Recovery Clinic, not the health center.', reason: 'Wrong place named' },
  { text: 'Also gave them a naloxone kit for the household; forgot to write it down.', reason: 'Detail left out' },
] as const;
