/**
 * The casework sections of a participant's page (enrollments, contacts,
 * assessments, plan…). Each feature folder exports one section component and adds
 * one line here; the participant page renders them in this order. Removing a
 * feature removes its line.
 */
import type { ComponentType } from 'react';
import type { ParticipantDetail } from '../../../core/schemas.ts';
import type { MessageKey } from '../../i18n/catalogues.ts';
import { AssessmentsSection } from '../assessments/AssessmentsSection.tsx';
import { ConsentsSection } from '../consents/ConsentsSection.tsx';
import { ContactsSection } from '../contacts/ContactsSection.tsx';
import { EnrollmentSection } from '../enrollments/EnrollmentSection.tsx';
import { EventsSection } from '../events/EventsSection.tsx';
import { MoudSection } from '../moud/MoudSection.tsx';
import { NaloxoneSection } from '../naloxone/NaloxoneSection.tsx';
import { PlanSection } from '../plans/PlanSection.tsx';
import { ReferralsSection } from '../referrals/ReferralsSection.tsx';
import { StudySection } from '../studies/StudySection.tsx';

export interface ParticipantSectionProps {
  participant: ParticipantDetail;
}

export interface ParticipantSection {
  key: string;
  Section: ComponentType<ParticipantSectionProps>;
  /** Its entry in the page's "On this page" links: the label and the id of the section's heading. */
  nav?: { label: MessageKey; target: string };
}

export const participantSections: readonly ParticipantSection[] = [
  { key: 'enrollments', Section: EnrollmentSection, nav: { label: 'enrollments.title', target: 'enrollment-title' } },
  { key: 'studies', Section: StudySection, nav: { label: 'studies.section', target: 'study-title' } },
  { key: 'moud', Section: MoudSection, nav: { label: 'moud.title', target: 'moud-title' } },
  { key: 'events', Section: EventsSection, nav: { label: 'events.title', target: 'events-title' } },
  { key: 'naloxone', Section: NaloxoneSection, nav: { label: 'naloxone.section', target: 'naloxone-title' } },
  { key: 'referrals', Section: ReferralsSection, nav: { label: 'referrals.title', target: 'referrals-title' } },
  { key: 'contacts', Section: ContactsSection, nav: { label: 'contacts.title', target: 'contacts-title' } },
  { key: 'assessments', Section: AssessmentsSection, nav: { label: 'assessments.title', target: 'assessments-title' } },
  { key: 'plans', Section: PlanSection, nav: { label: 'plans.title', target: 'plan-title' } },
  { key: 'consents', Section: ConsentsSection, nav: { label: 'participant.nav.consents', target: 'consents-title' } },
];
