/**
 * Who may do what. The single place that maps roles to permissions; the server
 * checks every route against it (denied by default) and the web app reads it to
 * decide what to show.
 */
import type { Role } from './enums.ts';

export const PERMISSIONS = [
  'sites:read',
  'sites:manage',
  'users:read',
  'users:manage',
  'participants:read',
  'participants:write',
  /** Break the glass: open a participant of a site one is not assigned to for one hour, giving a reason; flagged in the audit trail and reviewed by a program administrator (holders of audit:read). */
  'participants:emergency_access',
  'audit:read',
  /** Edit the resource directory (everyone with participants:read searches it). */
  'resources:manage',
  /** Receive, transfer, count and write off naloxone stock at one's sites. */
  'naloxone:manage',
  /** Hand out naloxone and record reported reversals and refill requests (participant-linked ones also need participants:write). */
  'naloxone:distribute',
  /** Record supervision sessions, code them and edit the theme codebook. */
  'supervision:record',
  /** Read supervision sessions one may see: all for recorders, their staff's for site managers, the ones attended for coaches and case managers. */
  'supervision:read',
  /** Theme analysis of supervision (de-identified for evaluators). */
  'supervision:analyze',
  /** Outcome dashboard and program report for one's sites (cells under 11 people suppressed for evaluators). */
  'reports:read',
  /** The de-identified analysis export (no names, contact details or notes; pseudonymous ids, shifted dates). */
  'exports:analysis',
  /** Define studies (arms, strata, block sizes) and see their allocation counts. */
  'studies:manage',
  /** Randomize a newly enrolled participant of one's sites into a study arm (also needs participants:write). */
  'studies:randomize',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  program_admin: PERMISSIONS,
  site_manager: [
    'sites:read',
    'users:read',
    'participants:read',
    'participants:emergency_access',
    'resources:manage',
    'naloxone:manage',
    'naloxone:distribute',
    'supervision:read',
    'supervision:analyze',
    'reports:read',
  ],
  supervisor: [
    'sites:read',
    'users:read',
    'participants:read',
    'participants:emergency_access',
    'supervision:record',
    'supervision:read',
    'supervision:analyze',
    'reports:read',
  ],
  coach: [
    'sites:read',
    'participants:read',
    'participants:write',
    'participants:emergency_access',
    'naloxone:distribute',
    'supervision:read',
    'studies:randomize',
  ],
  case_manager: [
    'sites:read',
    'participants:read',
    'participants:write',
    'participants:emergency_access',
    'naloxone:distribute',
    'supervision:read',
    'studies:randomize',
  ],
  // Evaluators work with de-identified data only: no participant permission at all.
  evaluator: ['sites:read', 'supervision:analyze', 'reports:read', 'exports:analysis'],
};

export function permissionsFor(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** A program administrator works across the whole hub; everyone else only at the sites assigned to them. */
export function seesAllSites(role: Role): boolean {
  return role === 'program_admin';
}
