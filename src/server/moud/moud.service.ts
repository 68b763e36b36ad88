/**
 * MOUD episodes of a participant: record a start (or a whole past episode),
 * correct it, end it; read them with the participant's linkage time and
 * retention. Each call first makes sure the actor may see the participant (404
 * otherwise, exactly like one that does not exist) and audits in the same
 * transaction: the names of the fields changed, never their values.
 * Other features call the derived fact at the bottom, never the repository.
 */
import {
  edIndexDate,
  linkageTime,
  moudEpisodeIssues,
  retention,
  type LinkageIndex,
  type MoudEpisode,
  type MoudEpisodeCreateInput,
  type MoudEpisodeUpdateInput,
  type MoudList,
} from '../../core/moud.ts';
import { type AuditEntry, participantListAudit, recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { NotFound, StaleVersion, ValidationError } from '../http/errors.ts';
import { requireVisibleParticipant } from '../participants/participants.service.ts';
import { referralTarget } from '../referrals/referrals.service.ts';
import { getResource } from '../resources/resources.service.ts';
import { getVisibleSite } from '../sites/sites.service.ts';
import {
  findEpisode,
  edVisitDates,
  firstEnrollment,
  firstStartRows,
  insertEpisodes,
  loadEpisodes,
  updateEpisodeRow,
  type MoudEpisodeBundle,
  type MoudEpisodeValues,
} from './moud.repository.ts';

const actorId = (actor: Actor) => (actor.via === 'system' ? null : actor.userId);

function toEpisode(b: MoudEpisodeBundle): MoudEpisode {
  const r = b.row;
  return {
    id: r.id,
    participantId: r.participantId,
    siteId: r.siteId,
    medication: r.medication,
    providerName: r.providerName,
    providerResourceId: r.providerResourceId,
    referralId: r.referralId,
    startedOn: r.startedOn,
    endedOn: r.endedOn,
    endReason: r.endReason,
    note: r.note,
    status: r.endedOn === null ? 'ongoing' : 'ended',
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    createdBy: r.createdBy ? { id: r.createdBy, name: b.createdByName ?? '' } : null,
    updatedBy: r.updatedBy ? { id: r.updatedBy, name: b.updatedByName ?? '' } : null,
  };
}

function failIf(issues: { path: string; message: string }[]) {
  if (issues.length > 0) throw new ValidationError(issues);
}

/**
 * A linked referral must be one of this participant's, a provider id an entry of
 * the directory (archived ones too: the episode may predate the archiving). A
 * referral with no provider entry named brings the organization it went to, so
 * "which providers engage people" can follow the episode back to the directory.
 */
async function checkedLinks(
  tx: Tx,
  participantId: string,
  links: { providerResourceId?: string | null | undefined; referralId?: string | null | undefined },
): Promise<{ providerResourceId?: string | null }> {
  const issues: { path: string; message: string }[] = [];
  let fromReferral: string | undefined;
  if (links.referralId) {
    const target = await referralTarget(tx, participantId, links.referralId);
    if (target) fromReferral = target.resourceId;
    else issues.push({ path: 'referralId', message: 'No referral of this participant has this id' });
  }
  if (links.providerResourceId) {
    try {
      await getResource(tx, links.providerResourceId);
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
      issues.push({ path: 'providerResourceId', message: 'No entry of the resource directory has this id' });
    }
  }
  failIf(issues);
  return links.providerResourceId === undefined && fromReferral ? { providerResourceId: fromReferral } : {};
}

/** The participant (locked when changing) and today's date at their site. */
async function context(tx: Tx, actor: Actor, participantId: string, now: Date, forUpdate = false) {
  const participant = await requireVisibleParticipant(tx, actor, participantId, { forUpdate });
  const site = await getVisibleSite(tx, actor, participant.siteId);
  return { participant, today: isoDateIn(now, site.timeZone) };
}

async function loadOne(tx: Tx, participantId: string, id: string): Promise<MoudEpisode> {
  const [bundle] = await loadEpisodes(tx, participantId, id);
  if (!bundle) throw new NotFound('MOUD episode');
  return toEpisode(bundle);
}

/** The fields a create sent, by name (for the audit trail). */
const CREATE_FIELDS = ['medication', 'providerName', 'providerResourceId', 'referralId', 'startedOn', 'endedOn', 'endReason', 'note'] as const;

function valuesOf(participant: { id: string; siteId: string }, input: MoudEpisodeCreateInput, by: string | null, now: Date): MoudEpisodeValues {
  return {
    participantId: participant.id,
    siteId: participant.siteId,
    medication: input.medication,
    providerName: input.providerName,
    providerResourceId: input.providerResourceId ?? null,
    referralId: input.referralId ?? null,
    startedOn: input.startedOn,
    endedOn: input.endedOn ?? null,
    endReason: input.endReason ?? null,
    note: input.note ?? null,
    createdAt: now,
    updatedAt: now,
    createdBy: by,
    updatedBy: by,
  };
}

function createAudit(id: string, participantId: string, input: MoudEpisodeCreateInput): AuditEntry {
  return {
    action: 'moud_episode.create',
    recordType: 'moud_episode',
    recordId: id,
    participantId,
    details: { fields: CREATE_FIELDS.filter((f) => input[f] !== undefined && input[f] !== null) },
  };
}

/**
 * What linkage is counted from: the release date, or for someone referred from an
 * emergency department (the participant's referral source, or their first
 * enrollment's) the ED visit that brought them in, else the date of that first
 * enrollment. See core/moud.ts LinkageIndex and edIndexDate.
 */
async function linkageIndex(tx: Tx, participant: { id: string; releaseDate: string | null; referralSource: string | null }): Promise<LinkageIndex> {
  if (participant.releaseDate) return { releaseDate: participant.releaseDate, edDischargeOn: null };
  const first = await firstEnrollment(tx, participant.id);
  const fromEd = participant.referralSource === 'emergency_department' || first?.referralSource === 'emergency_department';
  if (!fromEd || !first) return { releaseDate: null, edDischargeOn: null };
  return { releaseDate: null, edDischargeOn: edIndexDate(first.enrolledOn, await edVisitDates(tx, participant.id)) };
}

/** The participant's episodes (earliest first) with their linkage time and retention as of today at their site. */
export async function listMoudEpisodes(tx: Tx, actor: Actor, participantId: string, now: Date): Promise<MoudList> {
  const { participant, today } = await context(tx, actor, participantId, now);
  const items = (await loadEpisodes(tx, participantId)).map(toEpisode);
  const index = await linkageIndex(tx, participant);
  await recordAudit(tx, actor, now, participantListAudit('moud_episode.list', participantId, { episodeIds: items.map((e) => e.id) }));
  return { items, linkage: linkageTime(index, items, today), retention: retention(items, today) };
}

export async function getMoudEpisode(tx: Tx, actor: Actor, participantId: string, id: string, now: Date): Promise<MoudEpisode> {
  await requireVisibleParticipant(tx, actor, participantId);
  const episode = await loadOne(tx, participantId, id);
  await recordAudit(tx, actor, now, { action: 'moud_episode.read', recordType: 'moud_episode', recordId: id, participantId });
  return episode;
}

export async function recordMoudEpisode(tx: Tx, actor: Actor, participantId: string, input: MoudEpisodeCreateInput, now: Date): Promise<MoudEpisode> {
  const { participant, today } = await context(tx, actor, participantId, now);
  failIf(moudEpisodeIssues({ startedOn: input.startedOn, endedOn: input.endedOn ?? null, endReason: input.endReason ?? null }, today));
  input = { ...input, ...(await checkedLinks(tx, participantId, input)) };
  const [row] = await insertEpisodes(tx, [valuesOf(participant, input, actorId(actor), now)]);
  if (!row) throw new Error('insert returned no row');
  await recordAudit(tx, actor, now, createAudit(row.id, participantId, input));
  return loadOne(tx, participantId, row.id);
}

const EDITABLE = ['medication', 'providerName', 'providerResourceId', 'referralId', 'startedOn', 'endedOn', 'endReason', 'note'] as const;

/**
 * A correction or an ending (send the version you read). The checks run on the
 * episode as it would be saved; a stale version answers 409 and changes nothing.
 * Audited as `moud_episode.end` when it ends an ongoing episode, else
 * `moud_episode.update`, with the names of the fields that changed.
 */
export async function updateMoudEpisode(
  tx: Tx,
  actor: Actor,
  participantId: string,
  id: string,
  input: MoudEpisodeUpdateInput,
  now: Date,
): Promise<MoudEpisode> {
  const { today } = await context(tx, actor, participantId, now);
  const current = await findEpisode(tx, participantId, id, { forUpdate: true });
  if (!current) throw new NotFound('MOUD episode');
  if (current.version !== input.version) throw new StaleVersion('MOUD episode');
  await checkedLinks(tx, participantId, { providerResourceId: input.providerResourceId, referralId: input.referralId });

  const changed: string[] = [];
  const values: Partial<MoudEpisodeValues> = {};
  for (const field of EDITABLE) {
    const next = input[field];
    if (next !== undefined && next !== current[field]) {
      Object.assign(values, { [field]: next });
      changed.push(field);
    }
  }
  if (changed.length === 0) return loadOne(tx, participantId, id);
  const merged = { ...current, ...values };
  failIf(moudEpisodeIssues({ startedOn: merged.startedOn, endedOn: merged.endedOn ?? null, endReason: merged.endReason ?? null }, today));

  const row = await updateEpisodeRow(tx, id, input.version, { ...values, updatedAt: now, updatedBy: actorId(actor) });
  if (!row) throw new StaleVersion('MOUD episode');
  const ends = current.endedOn === null && row.endedOn !== null;
  await recordAudit(tx, actor, now, {
    action: ends ? 'moud_episode.end' : 'moud_episode.update',
    recordType: 'moud_episode',
    recordId: id,
    participantId,
    details: { changed },
  });
  return loadOne(tx, participantId, id);
}

/**
 * For the demo seed (and later a data import): several episodes of one
 * participant in one statement, held to the same rules as the API and audited as
 * it would have audited them (a create, then an end, at their own moments).
 */
export async function importMoudEpisodes(
  tx: Tx,
  actor: Actor,
  participantId: string,
  inputs: readonly MoudEpisodeCreateInput[],
  now: Date,
): Promise<number> {
  if (inputs.length === 0) return 0;
  const { participant, today } = await context(tx, actor, participantId, now);
  for (const input of inputs) failIf(moudEpisodeIssues({ startedOn: input.startedOn, endedOn: input.endedOn ?? null, endReason: input.endReason ?? null }, today));
  const at = (date: string) => new Date(Math.min(Date.parse(`${date}T18:00:00Z`), now.getTime()));
  const by = actorId(actor);
  const rows = await insertEpisodes(
    tx,
    inputs.map((input) => ({
      ...valuesOf(participant, input, by, at(input.startedOn)),
      ...(input.endedOn ? { updatedAt: at(input.endedOn), version: 2 } : {}),
    })),
  );
  for (const [i, row] of rows.entries()) {
    const input = inputs[i];
    if (!input) continue;
    await recordAudit(tx, actor, at(input.startedOn), createAudit(row.id, participantId, { ...input, endedOn: null, endReason: null }));
    if (input.endedOn) {
      await recordAudit(tx, actor, at(input.endedOn), {
        action: 'moud_episode.end',
        recordType: 'moud_episode',
        recordId: row.id,
        participantId,
        details: { changed: ['endedOn', 'endReason'] },
      });
    }
  }
  return rows.length;
}

/* ---------- derived facts for other features (the worklist, reports) ---------- */

/**
 * For each participant, the date MOUD counts from as of their `since` (YYYY-MM-DD,
 * e.g. the release date):
 * - the start date of an episode that is ongoing at `since` — started before it and
 *   not ended before it (ended on `since` or later, or not ended) — so someone who
 *   continued their medication in jail counts as having MOUD at release; the date
 *   returned is then earlier than `since`;
 * - otherwise the earliest start date on or after `since`.
 * Participants with neither are absent from the map. Formally: the least
 * `startedOn` over the participant's episodes with `endedOn` null or ≥ `since`.
 *
 * Give each participant once (if repeated, the least date matching any of its
 * entries wins). One query for any number of participants. The caller has already
 * scoped the ids to what its actor may see; this writes no audit rows (the caller
 * audits what it shows).
 */
export async function firstMoudStartOnOrAfter(
  tx: Tx,
  items: readonly { participantId: string; since: string }[],
): Promise<Map<string, string>> {
  for (const item of items) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(item.since)) throw new Error(`firstMoudStartOnOrAfter: since must be YYYY-MM-DD, got ${item.since}`);
  }
  const rows = await firstStartRows(tx, items);
  return new Map(rows.map((r) => [r.participantId, r.startedOn]));
}
