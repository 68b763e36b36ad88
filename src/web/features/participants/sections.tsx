/**
 * The casework sections of a participant's page (enrollments, contacts,
 * assessments, plan…). Each feature folder exports one section component and adds
 * one line here; the participant page renders them in this order. Removing a
 * feature removes its line.
 */
import type { ComponentType } from 'react';
import type { ParticipantDetail } from '../../../core/schemas.ts';
import { AssessmentsSection } from '../assessments/AssessmentsSection.tsx';
import { ContactsSection } from '../contacts/ContactsSection.tsx';
import { EnrollmentSection } from '../enrollments/EnrollmentSection.tsx';
import { PlanSection } from '../plans/PlanSection.tsx';

export interface ParticipantSectionProps {
  participant: ParticipantDetail;
}

export const participantSections: readonly { key: string; Section: ComponentType<ParticipantSectionProps> }[] = [
  { key: 'enrollments', Section: EnrollmentSection },
  { key: 'contacts', Section: ContactsSection },
  { key: 'assessments', Section: AssessmentsSection },
  { key: 'plans', Section: PlanSection },
];
