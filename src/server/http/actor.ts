import type { Permission } from '../../core/access.ts';
import { can, seesAllSites } from '../../core/access.ts';
import type { Role } from '../../core/enums.ts';

/** The person (or script acting for them) behind a request. */
export interface Actor {
  userId: string;
  name: string;
  role: Role;
  /** Sites assigned to the user; a program administrator sees all sites regardless. */
  siteIds: string[];
  via: 'session' | 'token' | 'system';
  tokenId: string | null;
  clientAddress: string | null;
  /**
   * Set for each request of a user who may use emergency access (see
   * server/emergency-access): the request's time, at which the participant choke
   * points look for an access the user opened, and the sites of the participants
   * opened that way during this request (so their site's settings, such as its
   * time zone, can be read). Absent (CLI, system): no emergency access applies.
   */
  emergencyAccess?: { at: Date; route: string; siteIds: Set<string> };
}

/** The sites whose records this actor may see, or null for all of them. */
export function visibleSiteIds(actor: Actor): string[] | null {
  return seesAllSites(actor.role) ? null : actor.siteIds;
}

/**
 * The sites whose de-identified or aggregate data the actor works with (reports,
 * the analysis export): their visible sites, except that an evaluator assigned to
 * no site works for the whole program; null means every site.
 */
export function aggregateSiteIds(actor: Actor): string[] | null {
  if (actor.role === 'evaluator' && actor.siteIds.length === 0) return null;
  return visibleSiteIds(actor);
}

export function canSeeSite(actor: Actor, siteId: string): boolean {
  const visible = visibleSiteIds(actor);
  return visible === null || visible.includes(siteId);
}

export function actorCan(actor: Actor, permission: Permission): boolean {
  return can(actor.role, permission);
}

/** For the CLI and start-up tasks: acts with no user, recorded as "system" in the audit trail. */
export const systemActor: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  name: 'Tandem system',
  role: 'program_admin',
  siteIds: [],
  via: 'system',
  tokenId: null,
  clientAddress: null,
};
