/**
 * Import and export of the directory in Open Referral HSDS 3.0, and the SAMHSA
 * treatment-locator adapter (which goes through HSDS). One organization at a time,
 * each in a transaction of its own (a savepoint inside a caller's transaction): a bad
 * organization is reported and the others still go in.
 */
import type { HsdsImportReport } from '../../core/resources.ts';
import { resourceCreateInput } from '../../core/resources.ts';
import type { Db, Queryable, Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { AppError } from '../http/errors.ts';
import { allResourceIds, loadResource, loadResources, resourceIdByHsdsId, type ResourceDoc } from './resources.repository.ts';
import { collectHsds, mergeOrganization, type InvalidRecord } from './resources.hsds-import.ts';
import { hsdsExport } from './resources.hsds.ts';
import { createResourceDoc, updateResourceDoc, type ResourceSource } from './resources.service.ts';

export interface ImportOptions {
  /** The zone of locations whose record names none and whose state does not say. */
  fallbackTimeZone: string;
  source?: ResourceSource;
  onProgress?: (done: number, total: number) => void;
}

/** The same rules as a resource typed into the form, so an import cannot store what the form would refuse. */
function checkDoc(doc: ResourceDoc): { path: string; message: string }[] {
  const parsed = resourceCreateInput.safeParse({
    ...doc,
    locations: doc.locations.map(({ hsdsId: _h, hsdsExtra: _e, id: _i, ...l }) => l),
    services: doc.services.map(({ hsdsId: _h, hsdsExtra: _e, id: _i, at, ...s }) => ({ ...s, atLocations: at.map((a) => a.location) })),
  });
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Which HSDS record a path in our document points at, to report the problem by that record's id. */
function recordOf(doc: ResourceDoc, orgId: string, path: string): { type: string; id: string; path: string } {
  const [part, index, ...rest] = path.split('.');
  const i = Number(index);
  if (part === 'locations' && doc.locations[i]) return { type: 'location', id: doc.locations[i].hsdsId ?? orgId, path: rest.join('.') || part };
  if (part === 'services' && doc.services[i]) return { type: 'service', id: doc.services[i].hsdsId ?? orgId, path: rest.join('.') || part };
  return { type: 'organization', id: orgId, path };
}

export async function importHsds(db: Db | Tx, actor: Actor, input: unknown, now: Date, options: ImportOptions): Promise<HsdsImportReport> {
  const { organizations, invalid } = collectHsds(input);
  const report: HsdsImportReport & { invalid: InvalidRecord[] } = { created: 0, updated: 0, invalid: [...invalid] };
  let done = 0;
  for (const org of organizations) {
    try {
      await db.transaction(async (tx) => {
        const existingId = await resourceIdByHsdsId(tx, org.hsdsId);
        const existing = existingId ? await loadResource(tx, existingId) : null;
        if (!existing && !org.record) {
          report.invalid.push(
            ...[...org.services.keys()].map((id) => ({ type: 'service', id, issues: [{ path: 'organization_id', message: 'No such organization in the file or the directory' }] })),
          );
          return;
        }
        const { doc, orgExtra, problems } = mergeOrganization(org, existing, options.fallbackTimeZone);
        report.invalid.push(...problems);
        const issues = checkDoc(doc);
        if (issues.length) {
          const byRecord = new Map<string, InvalidRecord>();
          for (const issue of issues) {
            const where = recordOf(doc, org.hsdsId, issue.path);
            const key = `${where.type}:${where.id}`;
            const entry = byRecord.get(key) ?? { type: where.type, id: where.id, issues: [] };
            entry.issues.push({ path: where.path, message: issue.message });
            byRecord.set(key, entry);
          }
          report.invalid.push(...byRecord.values());
          return;
        }
        const writeOptions = { hsdsExtra: orgExtra, source: options.source ?? ('hsds' as const), via: `${options.source ?? 'hsds'}_import` };
        if (existing) {
          await updateResourceDoc(tx, actor, existing.row.id, doc, null, now, writeOptions);
          report.updated++;
        } else {
          await createResourceDoc(tx, actor, doc, now, { ...writeOptions, hsdsId: org.hsdsId });
          report.created++;
        }
      });
    } catch (err) {
      // A clash with another organization's records (an HSDS id it already uses), or a value the database refuses.
      const message = err instanceof AppError ? err.message : uniqueClash(err) ? 'A location, service or service_at_location id here already belongs to another organization' : null;
      if (message === null) throw err;
      report.invalid.push({ type: 'organization', id: org.hsdsId, issues: [{ path: 'id', message }] });
    }
    done++;
    options.onProgress?.(done, organizations.length);
  }
  return report;
}

function uniqueClash(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export async function exportHsds(tx: Queryable, options: { includeArchived?: boolean } = {}): Promise<Record<string, unknown>> {
  const ids = await allResourceIds(tx, options.includeArchived ?? false);
  const stored = [];
  // In slices, so a whole state's directory does not sit in one query's parameters.
  for (let i = 0; i < ids.length; i += 500) stored.push(...(await loadResources(tx, ids.slice(i, i + 500))));
  return hsdsExport(stored);
}
