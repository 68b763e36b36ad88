import { can, PERMISSIONS, type Permission } from '../../core/access.ts';
import { ROLES } from '../../core/enums.ts';
import { errorOutput } from '../../core/schemas.ts';

/** The error answers every authenticated route may give, for the OpenAPI description. */
export const errorResponses = {
  400: errorOutput,
  401: errorOutput,
  403: errorOutput,
  404: errorOutput,
  409: errorOutput,
} as const;

/** For the rate-limited routes (reports, FHIR, the analysis export): also 429 too_many_requests. */
export const limitedErrorResponses = { ...errorResponses, 429: errorOutput } as const;

/**
 * What the OpenAPI description says of a route's access rule: the permission as
 * `x-permission`, the roles that hold it in the description, and no security
 * requirement for a public route.
 */
export function accessDocs(access: unknown, description: unknown): Record<string, unknown> {
  if (access === 'public') return { 'x-permission': 'public', security: [], description: withAccess(description, 'Public: no credentials needed.') };
  if (access === 'authenticated') return { 'x-permission': 'authenticated', description: withAccess(description, 'Any signed-in user or API token.') };
  if (typeof access !== 'string' || !PERMISSIONS.includes(access as Permission)) return {};
  const roles = ROLES.filter((r) => can(r, access as Permission));
  return {
    'x-permission': access,
    'x-roles': roles,
    description: withAccess(description, `Needs the \`${access}\` permission (${roles.join(', ')}); 403 otherwise.`),
  };
}

const withAccess = (description: unknown, line: string) => (typeof description === 'string' && description ? `${description}\n\n${line}` : line);
