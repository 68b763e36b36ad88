/**
 * The whole program as FHIR Bulk Data: every participant's resources, one
 * participant at a time (each in its own transaction, read through the same
 * export as the API), handed to a sink by resource type. Resources several
 * participants share (staff, organizations, questionnaires) go out once. Memory
 * holds one participant's record and the keys of the shared resources written.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { Db } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { listParticipants } from '../participants/participants.service.ts';
import { exportParticipant } from './fhir.service.ts';

/** Types a participant's Bundle may share with another's: written once. */
const SHARED: ReadonlySet<string> = new Set(['Practitioner', 'PractitionerRole', 'Organization', 'Location', 'HealthcareService', 'Questionnaire']);

export interface BulkSink {
  /** One resource of this type; the promise settles when the sink can take more. */
  write(resourceType: string, resource: Resource): Promise<void>;
}

export interface BulkProgress {
  participants: number;
  resources: number;
}

export async function exportProgram(
  db: Db,
  actor: Actor,
  now: Date,
  options: { base: string; sink: BulkSink; onProgress?: (p: BulkProgress) => void },
): Promise<BulkProgress & { byType: Record<string, number> }> {
  const written = new Set<string>();
  const byType: Record<string, number> = {};
  const progress: BulkProgress = { participants: 0, resources: 0 };
  let cursor: string | undefined;
  do {
    const page = await db.transaction((tx) => listParticipants(tx, actor, { limit: 100, cursor }, now));
    for (const p of page.items) {
      const bundle = await db.transaction((tx) => exportParticipant(tx, actor, p.id, {}, now, { base: options.base }));
      for (const entry of bundle.entry ?? []) {
        const r = entry.resource;
        if (!r) continue;
        if (SHARED.has(r.resourceType)) {
          const key = `${r.resourceType}/${r.id ?? ''}`;
          if (written.has(key)) continue;
          written.add(key);
        }
        await options.sink.write(r.resourceType, r);
        byType[r.resourceType] = (byType[r.resourceType] ?? 0) + 1;
        progress.resources++;
      }
      progress.participants++;
      options.onProgress?.(progress);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ...progress, byType };
}
