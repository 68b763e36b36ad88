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
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  program_admin: PERMISSIONS,
  site_manager: ['sites:read', 'users:read', 'participants:read'],
  supervisor: ['sites:read', 'users:read', 'participants:read'],
  coach: ['sites:read', 'participants:read', 'participants:write'],
  case_manager: ['sites:read', 'participants:read', 'participants:write'],
  // Evaluators work with de-identified data only: no participant permission at all.
  evaluator: ['sites:read'],
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
