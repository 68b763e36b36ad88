/**
 * English messages of the casework features, each kept in its own feature folder
 * (`features/<feature>/messages.en.ts`, keys prefixed with the feature's name) and
 * gathered here with one line each.
 */
import { assessmentsMessagesEn } from '../features/assessments/messages.en.ts';
import { contactsMessagesEn } from '../features/contacts/messages.en.ts';
import { enrollmentsMessagesEn } from '../features/enrollments/messages.en.ts';
import { plansMessagesEn } from '../features/plans/messages.en.ts';

export const featureMessagesEn = {
  ...assessmentsMessagesEn,
  ...contactsMessagesEn,
  ...enrollmentsMessagesEn,
  ...plansMessagesEn,
} as const;
