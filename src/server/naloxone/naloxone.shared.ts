/**
 * What the naloxone services share: the site's date, field checks and the
 * insufficient-stock answer.
 */
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { Conflict, NotFound, ValidationError, type FieldIssue } from '../http/errors.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import { lockLots } from './naloxone.repository.ts';

export const actorId = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);
export const person = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);

export function failIf(issues: FieldIssue[]) {
  if (issues.length > 0) throw new ValidationError(issues);
}

/** The site (visible to the actor, else 404) and today's date there. */
export async function siteContext(tx: Tx, actor: Actor, siteId: string, now: Date) {
  const site = await getVisibleSite(tx, actor, siteId);
  return { site, today: isoDateIn(now, site.timeZone) };
}

export function notInFuture(path: string, date: string, today: string): FieldIssue[] {
  return date > today ? [{ path, message: 'Cannot be in the future' }] : [];
}

export const notEnough = (onHand: number, asked: number) =>
  new Conflict(
    onHand === 0 ? 'There are no kits of this lot left at this site.' : `Only ${onHand} kit${onHand === 1 ? '' : 's'} on hand: ${asked} cannot be taken.`,
    'insufficient_stock',
    [{ path: 'kits', message: `Only ${onHand} on hand` }],
  );

/** The one lot of this site, locked, with its kits on hand; 404 for a lot of another site. */
export async function lockedLot(tx: Tx, siteId: string, lotId: string) {
  const [lot] = await lockLots(tx, siteId, { lotId });
  if (!lot) throw new NotFound('Lot');
  return lot;
}
