/**
 * The critical-time worklist: gathers, for each enrollment in the actor's scope,
 * the facts the rules in core/worklist.ts read (through the other features'
 * services), keeps those who need attention, ranks them and audits each one shown.
 */
import { addDays, addMonths, phaseByDates } from '../../core/enrollments.ts';
import { displayName } from '../../core/names.ts';
import {
  compareWorklistItems,
  RECENT_OVERDOSE_DAYS,
  RECENT_RELEASE_DAYS,
  riskScore,
  worklistReasons,
  type Worklist,
  type WorklistItem,
  type WorklistQueryParsed,
} from '../../core/worklist.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { isoDateIn } from '../clock.ts';
import type { Tx } from '../db/database.ts';
import { episodeTeams, worklistEpisodes, type WorklistEpisode } from '../enrollments/enrollments.service.ts';
import { canSeeSite, visibleSiteIds, type Actor } from '../http/actor.ts';
import { recentOverdoses } from '../events/events.service.ts';
import { firstMoudStartOnOrAfter } from '../moud/moud.service.ts';
import { overdueStepCountsOf } from '../plans/plans.service.ts';
import { moudAppointmentOnOrAfter, stalledReferrals, type StalledReferral } from '../referrals/referrals.service.ts';

/** A discharged episode stays in view while its follow-up interview may still be owed (the window closes 8 months after intake). */
const DISCHARGED_LOOKBACK_MONTHS = 12;

export async function getWorklist(tx: Tx, actor: Actor, query: WorklistQueryParsed, now: Date, programNoContactDays: number): Promise<Worklist> {
  const noContactDays = query.noContactDays ?? programNoContactDays;
  let scope = visibleSiteIds(actor);
  if (query.siteId) {
    // A site one cannot see has nobody on its worklist, as the participant list does.
    scope = canSeeSite(actor, query.siteId) ? [query.siteId] : [];
  }
  const assignedTo = query.assignedTo === 'me' ? actor.userId : query.assignedTo;
  const episodes = await worklistEpisodes(tx, scope, {
    assignedTo,
    dischargedSince: addMonths(isoDateIn(now, 'UTC'), -DISCHARGED_LOOKBACK_MONTHS),
  });
  if (episodes.length === 0) return { noContactDays, considered: 0, flagged: 0, items: [] };

  const todayAt = memoTodayAt(now);
  const ids = episodes.map((e) => e.participantId);
  // One after another: a transaction runs one query at a time anyway.
  const overdue = await overdueByParticipant(tx, episodes, todayAt);
  const released = recentlyReleased(episodes, todayAt).map((e) => ({ participantId: e.participantId, since: e.releaseDate ?? '' }));
  const moud = await firstMoudStartOnOrAfter(tx, released);
  // A fortnight back from the earliest "today" among the sites, so every zone is covered; the rule counts the days per site.
  const overdoses = await recentOverdoses(tx, ids, addDays(isoDateIn(now, 'UTC'), -(RECENT_OVERDOSE_DAYS + 1)));
  const moudAppointments = await moudAppointmentOnOrAfter(tx, released);
  const referrals = new Map<string, StalledReferral[]>();
  for (const r of await stalledReferrals(tx, ids, now)) {
    const list = referrals.get(r.participantId);
    if (list) list.push(r);
    else referrals.set(r.participantId, [r]);
  }

  // Ranked without their team: that is read for the few shown.
  const ranked: Omit<WorklistItem, 'coach' | 'caseManager' | 'lastReachedAt'>[] = [];
  for (const e of episodes) {
    const today = todayAt(e.timeZone);
    const steps = overdue.get(e.participantId);
    // A stale recorded phase (still pre-release after the release, transition past 30 days) ranks by what the dates say.
    const phase = phaseByDates(e, e, today)?.phase ?? e.phase;
    const episode = { enrolledOn: e.enrolledOn, dischargedOn: e.dischargedOn, dischargeReason: e.dischargeReason, phase, interviews: e.interviews };
    const reasons = worklistReasons(
      {
        today,
        timeZone: e.timeZone,
        custodyStatus: e.custodyStatus,
        releaseDate: e.releaseDate,
        expectedReleaseDate: e.expectedReleaseDate,
        episode,
        earlierEpisodes: e.earlierEpisodes,
        lastReachedOn: e.lastReachedOn,
        moudOn: moud.get(e.participantId) ?? null,
        // A MOUD-treatment referral with an appointment on or after the release date.
        moudAppointmentOn: moudAppointments.get(e.participantId) ?? null,
        lastOverdoseOn: overdoses.get(e.participantId) ?? null,
        overdueSteps: { count: steps?.count ?? 0, oldestDueOn: steps?.oldestDueOn ?? null },
        openReferrals: referrals.get(e.participantId) ?? [],
      },
      { noContactDays },
    );
    if (reasons.length === 0) continue;
    ranked.push({
      participant: { id: e.participantId, name: displayName(e), siteId: e.siteId, siteName: e.siteName },
      enrollmentId: e.id,
      phase,
      dischargedOn: e.dischargedOn,
      today,
      score: riskScore(reasons, phase),
      reasons,
    });
  }
  ranked.sort(compareWorklistItems);
  const top = ranked.slice(0, query.limit);
  const teams = await episodeTeams(tx, top.map((i) => i.enrollmentId));
  const shown = top.map((i): WorklistItem => {
    const team = teams.get(i.enrollmentId);
    return {
      participant: i.participant,
      enrollmentId: i.enrollmentId,
      phase: i.phase,
      dischargedOn: i.dischargedOn,
      coach: team?.coachId ? { id: team.coachId, name: team.coachName ?? '' } : null,
      caseManager: team?.caseManagerId ? { id: team.caseManagerId, name: team.caseManagerName ?? '' } : null,
      lastReachedAt: team?.lastReachedAt ?? null,
      today: i.today,
      score: i.score,
      reasons: i.reasons,
    };
  });

  await recordAudit(
    tx,
    actor,
    now,
    shown.map((i) => ({
      action: 'worklist.list',
      recordType: 'participant',
      recordId: i.participant.id,
      participantId: i.participant.id,
      details: { reasons: i.reasons.map((r) => r.code) },
    })),
  );
  return { noContactDays, considered: episodes.length, flagged: ranked.length, items: shown };
}

/** Today at each site's time zone, worked out once per zone. */
function memoTodayAt(now: Date): (timeZone: string) => string {
  const cache = new Map<string, string>();
  return (timeZone) => {
    let today = cache.get(timeZone);
    if (!today) {
      today = isoDateIn(now, timeZone);
      cache.set(timeZone, today);
    }
    return today;
  };
}

/** Overdue steps per participant (count and oldest due date), asked once per distinct "today" (sites may sit in different zones). */
async function overdueByParticipant(tx: Tx, episodes: readonly WorklistEpisode[], todayAt: (tz: string) => string) {
  const open = episodes.filter((e) => e.dischargedOn === null);
  const byToday = new Map<string, string[]>();
  for (const e of open) {
    const today = todayAt(e.timeZone);
    // Pushed, not copied: a supervisor's 16,000 people made copying the list each time quadratic.
    const ids = byToday.get(today);
    if (ids) ids.push(e.participantId);
    else byToday.set(today, [e.participantId]);
  }
  const result = new Map<string, { count: number; oldestDueOn: string }>();
  for (const [today, ids] of byToday) {
    for (const { participantId, count, oldestDueOn } of await overdueStepCountsOf(tx, ids, today)) result.set(participantId, { count, oldestDueOn });
  }
  return result;
}

/** For those released in the last 14 days: the first MOUD start since release (or medication ongoing at release). */
function recentlyReleased(episodes: readonly WorklistEpisode[], todayAt: (tz: string) => string) {
  const cutoffs = new Map<string, string>();
  return episodes.filter((e) => {
    if (e.dischargedOn !== null || e.custodyStatus !== 'community' || !e.releaseDate) return false;
    let cutoff = cutoffs.get(e.timeZone);
    if (cutoff === undefined) {
      cutoff = addDays(todayAt(e.timeZone), -RECENT_RELEASE_DAYS);
      cutoffs.set(e.timeZone, cutoff);
    }
    return e.releaseDate > cutoff;
  });
}
