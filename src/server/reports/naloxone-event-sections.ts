/**
 * The naloxone and critical-event sections of the dashboard's figures, one function
 * each, called by computeFigures (reports.service.ts) like the casework sections of
 * figure-sections.ts: the repository rows in, the section out, suppressed for
 * evaluators (`s`); the critical events also add to the shared breakdowns.
 */
import { CRITICAL_EVENT_KINDS } from '../../core/events.ts';
import { RECIPIENT_TYPES } from '../../core/naloxone.ts';
import type { DashboardFigures } from '../../core/reports.ts';
import { hideField, suppressFields, suppressPartition } from '../../core/statistics.ts';
import { sum, type Breakdowns } from './breakdowns.ts';
import { filterMarginals, type Marginals } from './cell-keys.ts';
import type { DistributionRow, EventCounts, ExpiringStockRow, ReversalRow } from './naloxone-event-queries.ts';

/** Naloxone: kits by recipient type, people trained, reversals reported and survived, and stock close to expiry by site. */
export function naloxoneSection(
  distributions: readonly DistributionRow[],
  reversals: readonly ReversalRow[],
  expiring: readonly ExpiringStockRow[],
  s: boolean,
): DashboardFigures['naloxone'] {
  const naloxoneFigures = suppressFields(
    {
      kitsByRecipientType: RECIPIENT_TYPES.map((recipientType) => {
        const rows = distributions.filter((d) => d.recipient_type === recipientType);
        return suppressFields(
          { recipientType, kits: sum(rows, (d) => d.kits), distributions: sum(rows, (d) => d.distributions), suppressed: [] as string[] },
          ['distributions'],
          s,
        );
      }),
      kits: sum(distributions, (d) => d.kits),
      peopleTrained: sum(distributions, (d) => d.trained),
      reversalsReported: sum(reversals, (r) => r.reported),
      reversalsSurvived: sum(reversals, (r) => r.survived),
      expiringStock: expiring.map((e) => ({ siteId: e.site_id, siteName: e.site_name, lots: e.lots, kits: e.kits, earliestExpiresOn: e.earliest })),
      suppressed: [] as string[],
    },
    ['peopleTrained', 'reversalsReported', 'reversalsSurvived'],
    s,
  );
  return naloxoneFigures;
}

/** Critical events by kind, and the overdoses: all, fatal, and within 30 days of release. */
export function criticalEventSection(
  eventMarginals: Marginals<EventCounts>,
  overdosePeople: Marginals<{ people: number }>,
  b: Breakdowns,
  s: boolean,
): DashboardFigures['criticalEvents'] {
  const overdoseKinds = new Set(['non_fatal_overdose', 'fatal_overdose']);
  // Only the overdoses' rows add to the breakdowns: a group is shown once something adds to it.
  b.addMarginals(
    filterMarginals(eventMarginals, (c) => overdoseKinds.has(c.kind)),
    (a, c) => {
      a.overdoses += c.events;
      if (c.kind === 'fatal_overdose') a.fatalOverdoses += c.events;
    },
  );
  b.addMarginals(overdosePeople, (a, c) => (a.overdosePeople += c.people));
  // The rows by site split the whole.
  const events = eventMarginals.bySite;
  const eventFigures = suppressFields(
    {
      byKind: CRITICAL_EVENT_KINDS.map((kind) => {
        const rows = events.filter((e) => e.kind === kind);
        return suppressFields(
          {
            kind,
            events: sum(rows, (e) => e.events),
            people: sum(rows, (e) => e.people),
            eventsWithin30DaysOfRelease: sum(rows, (e) => e.within30),
            suppressed: [] as string[],
          },
          ['events', 'people', 'eventsWithin30DaysOfRelease'],
          s,
        );
      }),
      overdoses: sum(
        events.filter((e) => overdoseKinds.has(e.kind)),
        (e) => e.events,
      ),
      overdosesWithin30DaysOfRelease: sum(
        events.filter((e) => overdoseKinds.has(e.kind)),
        (e) => e.within30,
      ),
      fatalOverdoses: sum(
        events.filter((e) => e.kind === 'fatal_overdose'),
        (e) => e.events,
      ),
      suppressed: [] as string[],
    },
    ['overdoses', 'overdosesWithin30DaysOfRelease', 'fatalOverdoses'],
    s,
  );

  // Non-fatal and fatal overdoses split the overdoses (and those within 30 days of release); the fatal ones are also a headline.
  const overdoseRows = eventFigures.byKind.filter((k) => overdoseKinds.has(k.kind));
  const overdoseRaw = overdoseRows.map((k) => events.filter((e) => e.kind === k.kind));
  suppressPartition(
    overdoseRows,
    'events',
    overdoseRaw.map((rows) => sum(rows, (e) => e.events)),
    s,
  );
  suppressPartition(
    overdoseRows,
    'eventsWithin30DaysOfRelease',
    overdoseRaw.map((rows) => sum(rows, (e) => e.within30)),
    s,
  );
  if (s && eventFigures.byKind.find((k) => k.kind === 'fatal_overdose')?.events === null) hideField(eventFigures, 'fatalOverdoses');
  return eventFigures;
}
