/** Every table, for drizzle-kit and the typed database handle. Each lives in its feature folder. */
export * from '../sites/sites.table.ts';
export * from '../users/users.table.ts';
export * from '../auth/auth.table.ts';
export * from '../participants/participants.table.ts';
export * from '../audit/audit.table.ts';
export * from '../contacts/contacts.table.ts';
export * from '../enrollments/enrollments.table.ts';
export * from '../plans/plans.table.ts';
export * from '../assessments/assessments.table.ts';
export * from '../moud/moud.table.ts';
export * from '../resources/resources.table.ts';
export * from '../consents/consents.table.ts';
export * from '../referrals/referrals.table.ts';
export * from '../naloxone/naloxone.table.ts';
export * from '../events/events.table.ts';
export * from '../supervision/supervision.table.ts';
