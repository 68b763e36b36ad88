import { permissionsFor } from '../../core/access.ts';
import type { Role } from '../../core/enums.ts';
import type { Me, ParticipantDetail, Site } from '../../core/schemas.ts';

export const SITE_JAIL: Site = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'Cook County Jail',
  type: 'jail',
  county: 'Cook',
  timeZone: 'America/Chicago',
  active: true,
  version: 1,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
};

export const SITE_ED: Site = { ...SITE_JAIL, id: '22222222-2222-4222-8222-222222222222', name: 'Mercy ED', type: 'emergency_department' };

export function me(role: Role = 'coach', overrides: Partial<Me['user']> = {}): Me {
  return {
    user: {
      id: '99999999-9999-4999-8999-999999999999',
      email: 'ana@example.org',
      name: 'Ana Reyes',
      role,
      siteIds: [SITE_JAIL.id, SITE_ED.id],
      mustChangePassword: false,
      ...overrides,
    },
    permissions: [...permissionsFor(role)],
    csrfToken: 'csrf-123',
    idleTimeoutSeconds: 1800,
    mfa: { enrolled: role === 'program_admin', required: role === 'program_admin' },
    session: 'active',
  };
}

export const SAM: ParticipantDetail = {
  id: '33333333-3333-4333-8333-333333333333',
  siteId: SITE_JAIL.id,
  siteName: SITE_JAIL.name,
  firstName: 'Samuel',
  lastName: 'Okafor',
  preferredName: 'Sam',
  dateOfBirth: '1988-04-12',
  gender: 'man',
  race: ['black_or_african_american'],
  ethnicity: 'not_hispanic_or_latino',
  preferredLanguage: 'en',
  phone: '312-555-0100',
  email: null,
  custodyStatus: 'in_custody',
  expectedReleaseDate: '2025-07-01',
  releaseDate: null,
  referralSource: 'jail_in_reach',
  version: 3,
  createdAt: '2025-01-02T00:00:00Z',
  updatedAt: '2025-02-03T15:00:00Z',
  siteHistory: [{ siteId: SITE_JAIL.id, siteName: SITE_JAIL.name, startedAt: '2025-01-02T00:00:00Z', endedAt: null }],
};
