/**
 * English messages of the casework features, each kept in its own feature folder
 * (`features/<feature>/messages.en.ts`, keys prefixed with the feature's name) and
 * gathered here with one line each.
 */
import { assessmentsMessagesEn } from '../features/assessments/messages.en.ts';
import { mfaMessagesEn } from '../features/auth/messages.en.ts';
import { consentsMessagesEn } from '../features/consents/messages.en.ts';
import { contactsMessagesEn } from '../features/contacts/messages.en.ts';
import { emergencyAccessMessagesEn } from '../features/emergency-access/messages.en.ts';
import { enrollmentsMessagesEn } from '../features/enrollments/messages.en.ts';
import { eventsMessagesEn } from '../features/events/messages.en.ts';
import { exportsMessagesEn } from '../features/exports/messages.en.ts';
import { moudMessagesEn } from '../features/moud/messages.en.ts';
import { naloxoneMessagesEn } from '../features/naloxone/messages.en.ts';
import { plansMessagesEn } from '../features/plans/messages.en.ts';
import { referralsMessagesEn } from '../features/referrals/messages.en.ts';
import { reportsMessagesEn } from '../features/reports/messages.en.ts';
import { resourcesMessagesEn } from '../features/resources/messages.en.ts';
import { studiesMessagesEn } from '../features/studies/messages.en.ts';
import { supervisionMessagesEn } from '../features/supervision/messages.en.ts';
import { worklistMessagesEn } from '../features/worklist/messages.en.ts';

export const featureMessagesEn = {
  ...assessmentsMessagesEn,
  ...mfaMessagesEn,
  ...consentsMessagesEn,
  ...contactsMessagesEn,
  ...emergencyAccessMessagesEn,
  ...enrollmentsMessagesEn,
  ...eventsMessagesEn,
  ...exportsMessagesEn,
  ...moudMessagesEn,
  ...naloxoneMessagesEn,
  ...plansMessagesEn,
  ...referralsMessagesEn,
  ...reportsMessagesEn,
  ...resourcesMessagesEn,
  ...studiesMessagesEn,
  ...supervisionMessagesEn,
  ...worklistMessagesEn,
} as const;
