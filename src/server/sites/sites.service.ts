/** Sites: the hub and its spokes (jails, prisons, emergency departments, clinics…). */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Site, SiteCreateInput, SiteUpdateInput } from '../../core/schemas.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Queryable, Tx } from '../db/database.ts';
import { onUniqueViolation } from '../db/unique-violation.ts';
import { visibleSiteIds, type Actor } from '../http/actor.ts';
import { Conflict, NotFound, StaleVersion } from '../http/errors.ts';
import { sites } from './sites.table.ts';

type SiteRow = typeof sites.$inferSelect;

function toSite(row: SiteRow): Site {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    county: row.county,
    timeZone: row.timeZone,
    active: row.active,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const nameTaken = () =>
  new Conflict('A site with this name already exists', 'name_taken', [{ path: 'name', message: 'A site with this name already exists' }]);

async function assertNameFree(tx: Queryable, name: string, exceptId?: string): Promise<void> {
  const [row] = await tx.select({ id: sites.id }).from(sites).where(eq(sites.name, name));
  if (row && row.id !== exceptId) throw nameTaken();
}

export async function listSites(tx: Queryable, actor: Actor): Promise<Site[]> {
  const visible = visibleSiteIds(actor);
  if (visible?.length === 0) return [];
  const rows = await tx
    .select()
    .from(sites)
    .where(visible === null ? undefined : inArray(sites.id, visible))
    .orderBy(asc(sites.name));
  return rows.map(toSite);
}

/**
 * A site this actor may work with, or 404 — the same answer as for a site that does not exist.
 * That includes the site of a participant this request opened under emergency access.
 */
export async function getVisibleSite(tx: Queryable, actor: Actor, id: string): Promise<Site> {
  const visible = visibleSiteIds(actor);
  if (visible !== null && !visible.includes(id) && !actor.emergencyAccess?.siteIds.has(id)) throw new NotFound('Site');
  const [row] = await tx.select().from(sites).where(eq(sites.id, id));
  if (!row) throw new NotFound('Site');
  return toSite(row);
}

/** `options.id` fixes the new site's id (the demo's sites have well-known ids); never taken from HTTP input. */
export async function createSite(tx: Tx, actor: Actor, input: SiteCreateInput, now: Date, options: { id?: string } = {}): Promise<Site> {
  await assertNameFree(tx, input.name);
  const [row] = await tx
    .insert(sites)
    .values({ ...(options.id ? { id: options.id } : {}), name: input.name, type: input.type, county: input.county ?? null, timeZone: input.timeZone, createdAt: now, updatedAt: now })
    .returning()
    .catch(onUniqueViolation('sites_name_unique', nameTaken));
  if (!row) throw new Error('insert returned no row');
  await recordAudit(tx, actor, now, { action: 'site.create', recordType: 'site', recordId: row.id });
  return toSite(row);
}

export async function updateSite(tx: Tx, actor: Actor, id: string, input: SiteUpdateInput, now: Date): Promise<Site> {
  const [current] = await tx.select().from(sites).where(eq(sites.id, id));
  if (!current) throw new NotFound('Site');
  if (current.version !== input.version) throw new StaleVersion('site');
  if (input.name !== undefined && input.name !== current.name) await assertNameFree(tx, input.name, id);
  const [row] = await tx
    .update(sites)
    .set({
      name: input.name ?? current.name,
      type: input.type ?? current.type,
      county: input.county === undefined ? current.county : input.county,
      timeZone: input.timeZone ?? current.timeZone,
      active: input.active ?? current.active,
      version: current.version + 1,
      updatedAt: now,
    })
    .where(and(eq(sites.id, id), eq(sites.version, input.version)))
    .returning()
    .catch(onUniqueViolation('sites_name_unique', nameTaken));
  if (!row) throw new StaleVersion('site');
  const changed = Object.keys(input).filter((k) => k !== 'version');
  await recordAudit(tx, actor, now, { action: 'site.update', recordType: 'site', recordId: id, details: { changed } });
  return toSite(row);
}
