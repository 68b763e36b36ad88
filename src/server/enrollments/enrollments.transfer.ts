/**
 * What a move to another site does to the open enrollment. The episode goes on
 * (same dates, phase and interview schedule: a transfer is not a discharge, and
 * the episode keeps the site it began at), but a coach or case manager who does
 * not work at the new site leaves the team: they can no longer see the person,
 * and the new site's staff assign their own (the worklist's site view shows the
 * person meanwhile). Called by the participant update, in its transaction.
 */
import type { Role } from '../../core/enums.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Tx } from '../db/database.ts';
import type { Actor } from '../http/actor.ts';
import { findTeamMember, openEpisodeRow, updateEnrollmentRow } from './enrollments.repository.ts';

export async function releaseTeamAfterTransfer(tx: Tx, actor: Actor, participantId: string, toSiteId: string, now: Date): Promise<void> {
  const open = await openEpisodeRow(tx, participantId);
  if (!open) return;
  const leaving: ('coachId' | 'caseManagerId')[] = [];
  const stays = async (id: string | null, role: Role) => id === null || (await findTeamMember(tx, id, role, toSiteId)) !== undefined;
  if (!(await stays(open.coachId, 'coach'))) leaving.push('coachId');
  if (!(await stays(open.caseManagerId, 'case_manager'))) leaving.push('caseManagerId');
  if (leaving.length === 0) return;
  const row = await updateEnrollmentRow(tx, open.id, open.version, {
    ...Object.fromEntries(leaving.map((f) => [f, null])),
    updatedAt: now,
    updatedBy: actor.via === 'system' ? null : actor.userId,
  });
  // The participant's row is locked by the update that moves them, so the episode cannot have changed meanwhile.
  if (!row) throw new Error('the open enrollment changed during a transfer');
  await recordAudit(tx, actor, now, {
    action: 'enrollment.update',
    recordType: 'enrollment',
    recordId: open.id,
    participantId,
    details: { changed: leaving, because: 'transfer' },
  });
}
