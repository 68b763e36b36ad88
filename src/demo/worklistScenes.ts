/**
 * The critical-time moments a worklist exists for, placed on a few ordinary demo
 * participants so that a newcomer's first morning shows each kind: people let
 * out of jail in the last days (medication not always started yet), a release
 * date that passed with the record still saying "in custody", and someone going
 * home within the week whom no one has visited yet.
 */
import { Random } from './random.ts';
import { DEMO_SITES } from './sites.ts';
import type { Calendar, PlannedParticipant } from './timeline.ts';

const DAY = 86_400_000;

export function applyWorklistScenes(plans: PlannedParticipant[], cal: Calendar): void {
  // A stream of their own, so the scenes do not shift anyone else's story.
  const rng = new Random(2_026_0314);
  const ago = (d: Date) => cal.daysBetween(d, cal.now);
  const atJail = (p: PlannedParticipant) => DEMO_SITES[p.site].type === 'jail';

  // Released this week or last: the release is the only thing that has happened to them.
  const released = plans.filter((p) => atJail(p) && p.changes.length === 1 && p.changes[0]?.changes.releaseDate && !p.changes[0].site);
  for (const [i, p] of released.slice(0, 4).entries()) {
    const change = p.changes[0];
    if (!change) continue;
    const out = cal.daysAgo([2, 4, 7, 11][i] ?? 3, rng);
    p.createdAt = new Date(out.getTime() - rng.int(10, 30) * DAY);
    p.input = { ...p.input, expectedReleaseDate: cal.isoOf(new Date(out.getTime() + rng.int(0, 3) * DAY)) };
    change.at = cal.later(out, rng.int(3, 8));
    change.changes = { ...change.changes, releaseDate: cal.isoOf(out) };
  }

  const inside = plans.filter((p) => atJail(p) && p.input.custodyStatus === 'in_custody' && p.changes.length === 0 && p.input.expectedReleaseDate);

  // The expected date passed three days ago and nobody has updated the record: is he out?
  const passed = inside.find((p) => ago(p.createdAt) >= 14);
  if (passed) passed.input = { ...passed.input, expectedReleaseDate: cal.isoFromNow(-3) };

  // Referred from the jail's list two days ago, going home in five, not visited yet.
  const soon = inside.find((p) => p !== passed && p.site === 'cookJail');
  if (soon) {
    soon.createdAt = cal.daysAgo(2, rng);
    soon.input = { ...soon.input, expectedReleaseDate: cal.isoFromNow(5) };
    soon.awaitingFirstVisit = true;
  }
}
