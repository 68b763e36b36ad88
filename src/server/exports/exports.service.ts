/**
 * The de-identified analysis export: CSV files in a zip, streamed.
 *
 * Each table is read in keyset pages (PAGE rows after the last id seen, csv-tables.ts), turned
 * into CSV and pushed through a streaming zip (zip-stream.ts) into the response;
 * after each page the producer waits for the response to drain, so memory stays
 * bounded whatever the size of the program. The reads run in one REPEATABLE READ
 * transaction (a consistent snapshot: the files agree with each other).
 *
 * De-identification: ids are HMAC-SHA256 under the program's secret (stable across
 * exports, never reversible without it); every date of a person moves by their own
 * offset (−182…+182 days, never 0, from the same secret) or is cut to year and
 * month (both deidentifier.ts); ages 90+ are grouped; ZIPs cut to 3 digits (small
 * areas to 000); names, contact details, notes and free text are never read.
 * Recorded: an analysis_exports row and an audit row at the start, completed with
 * row counts.
 */
import type { Readable } from 'node:stream';
import {
  ageGroup,
  ageOn,
  ANALYSIS_TABLES,
  DEID_DESCRIPTIONS,
  exportedAge,
  zip3,
  type AnalysisDates,
  type AnalysisExportRecord,
} from '../../core/exports.ts';
import type { Answers } from '../../core/assessments.ts';
import { withinPostReleaseWindow } from '../../core/events.ts';
import { parseStratumKey } from '../../core/randomization.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Database, Tx } from '../db/database.ts';
import { aggregateSiteIds, type Actor } from '../http/actor.ts';
import {
  assessmentAnswersPage,
  assessmentPage,
  assignmentPage,
  contactPage,
  criticalEventPage,
  currentPlanPage,
  interviewPage,
  phasePage,
  reversalPage,
  distributionPage,
  enrollmentPage,
  exportRecords,
  finishExportRecord,
  insertExportRecord,
  instrumentVersionList,
  moudPage,
  participantPage,
  readSecret,
  referralEventPage,
  referralPage,
  type Scope,
} from './exports.repository.ts';
import { csvLine, table } from './csv-tables.ts';
import { Deidentifier, lastRecord, rememberedRecords } from './deidentifier.ts';
import { ZipStream } from './zip-stream.ts';

/**
 * Whose participants an export holds: a program administrator's, all; an
 * evaluator assigned to sites, those sites'; an evaluator assigned to none works
 * for the whole program (the data is de-identified), so all.
 */
export function exportScope(actor: Actor): Scope {
  return aggregateSiteIds(actor);
}

export interface ExportOptions {
  dates: AnalysisDates;
  /** The day the export is made (ages are computed on it), YYYY-MM-DD. */
  today: string;
}

async function writeTables(zip: ZipStream, tx: Tx, scope: Scope, d: Deidentifier, options: ExportOptions): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const pid = (id: string) => d.person(id).id;
  const date = (participantId: string, day: string | null) => d.date(participantId, day);
  // An episode's pseudonym serves its interviews and phases too: each made once (one entry per episode of
  // the export, dropped with it). A referral's events come in referral order, so the last one made serves
  // them: remembering 200,000 referrals' pseudonyms cost ~60 MB of peak memory at a state's size.
  const enrollmentId = rememberedRecords(d, 'E');
  const referralId = lastRecord(d, 'R');

  counts.participants = await table(zip, tx, scope, 'participants', participantPage, (p) => {
    const age = ageOn(p.dateOfBirth, options.today);
    return [
      [
        pid(p.id),
        exportedAge(age),
        ageGroup(age),
        options.dates === 'month' && age <= 89 ? p.dateOfBirth.slice(0, 4) : '',
        p.gender,
        p.race.join(';'),
        p.ethnicity,
        p.preferredLanguage,
        p.custodyStatus,
        date(p.id, p.releaseDate),
        p.referralSource,
        d.site(p.siteId),
        p.siteType,
        p.arms ?? '',
      ],
    ];
  });

  counts.enrollments = await table(zip, tx, scope, 'enrollments', enrollmentPage, (e) => [
    [
      enrollmentId(e.id),
      pid(e.participantId),
      d.site(e.siteId),
      e.siteType,
      date(e.participantId, e.enrolledOn),
      e.referralSource,
      d.staff(e.coachId),
      d.staff(e.caseManagerId),
      e.phase,
      date(e.participantId, e.dischargedOn),
      e.dischargeReason,
    ],
  ]);

  counts.enrollment_interviews = await table(zip, tx, scope, 'enrollment_interviews', interviewPage, (i) => [
    [enrollmentId(i.enrollmentId), pid(i.participantId), i.kind, date(i.participantId, i.conductedOn), d.staff(i.recordedBy)],
  ]);

  counts.enrollment_phases = await table(zip, tx, scope, 'enrollment_phases', phasePage, (ph) => [
    [enrollmentId(ph.enrollmentId), pid(ph.participantId), ph.phase, date(ph.participantId, ph.startedOn)],
  ]);

  // No contact id: nothing refers to a contact, and 2 million HMACs would cost the export seconds.
  counts.contacts = await table(zip, tx, scope, 'contacts', contactPage, (c) => [
    [
      pid(c.participantId),
      d.site(c.siteId),
      date(c.participantId, c.occurredOn),
      c.durationMinutes,
      c.mode,
      c.locationType,
      c.reached,
      c.attemptOutcome,
      c.services,
      d.staff(c.createdBy),
    ],
  ]);

  const versions = new Map(
    (await instrumentVersionList(tx)).map((v) => [
      v.id,
      { key: v.key, version: v.version, items: v.definition.items.filter((i) => i.type !== 'text').map((i) => i.id) },
    ]),
  );
  counts.assessments = await table(zip, tx, scope, 'assessments', assessmentPage, (a) => {
    const v = versions.get(a.instrumentVersionId);
    return [
      [
        d.record('A', a.id),
        pid(a.participantId),
        v?.key,
        v?.version,
        a.status,
        date(a.participantId, a.startedOn),
        date(a.participantId, a.completedOn),
        a.score,
        a.flags.join(';'),
      ],
    ];
  });
  counts.assessment_answers = await table(zip, tx, scope, 'assessment_answers', assessmentAnswersPage, (a) => {
    const v = versions.get(a.instrumentVersionId);
    const answers: Answers = a.answers;
    // Only items the definition says are choices or numbers: free text never leaves.
    const assessment = d.record('A', a.id);
    const person = pid(a.participantId);
    return (v?.items ?? []).filter((item) => answers[item] !== undefined).map((item) => [assessment, person, item, answers[item]]);
  });

  counts.plan_goals = await table(zip, tx, scope, 'plan_goals', currentPlanPage, (plan) =>
    plan.content.goals.map((g) => {
      const by = (s: string) => g.steps.filter((x) => x.status === s).length;
      return [
        d.record('G', g.id),
        pid(plan.id),
        plan.number,
        g.domain,
        g.status,
        date(plan.id, g.targetDate),
        g.steps.length,
        by('not_started'),
        by('in_progress'),
        by('done'),
        g.steps.length - by('not_started') - by('in_progress') - by('done'),
      ];
    }),
  );

  counts.referrals = await table(zip, tx, scope, 'referrals', referralPage, (r) => [
    [
      referralId(r.id),
      pid(r.participantId),
      d.site(r.siteId),
      r.need,
      r.urgency,
      r.organization,
      r.status,
      r.outcome,
      date(r.participantId, r.createdOn),
      date(r.participantId, r.sentOn),
      date(r.participantId, r.appointmentOn),
    ],
  ]);

  counts.referral_events = await table(zip, tx, scope, 'referral_events', referralEventPage, (e) => [
    [
      referralId(e.referralId),
      pid(e.participantId),
      e.step,
      e.fromStatus,
      e.toStatus,
      date(e.participantId, e.on),
      d.staff(e.by),
      date(e.participantId, e.appointmentOn),
      e.outcome,
    ],
  ]);

  counts.moud_episodes = await table(zip, tx, scope, 'moud_episodes', moudPage, (m) => [
    [d.record('M', m.id), pid(m.participantId), d.site(m.siteId), m.medication, m.fromReferral, date(m.participantId, m.startedOn), date(m.participantId, m.endedOn), m.endReason],
  ]);

  counts.naloxone_distributions = await table(zip, tx, scope, 'naloxone_distributions', distributionPage, (n) => [
    [
      d.record('N', n.id),
      pid(n.participantId),
      d.site(n.siteId),
      n.recipientType,
      n.relationship,
      n.product,
      n.kits,
      date(n.participantId, n.distributedOn),
      n.trainingGiven,
      d.staff(n.trainedBy),
      zip3(n.zip),
    ],
  ]);

  counts.naloxone_reversals = await table(zip, tx, scope, 'naloxone_reversals', reversalPage, (r) => [
    [
      d.record('O', r.id),
      pid(r.participantId),
      d.site(r.siteId),
      r.distributionId === null ? null : d.record('N', r.distributionId),
      date(r.participantId, r.occurredOn),
      zip3(r.zip),
      r.administeredBy,
      r.dosesUsed,
      r.survived,
      r.emsCalled,
      r.rescueBreathing,
    ],
  ]);

  counts.critical_events = await table(zip, tx, scope, 'critical_events', criticalEventPage, (e) => [
    [
      d.record('V', e.id),
      pid(e.participantId),
      d.site(e.siteId),
      e.kind,
      date(e.participantId, e.occurredOn),
      e.source,
      e.daysSinceRelease,
      withinPostReleaseWindow(e.daysSinceRelease),
    ],
  ]);

  counts.study_assignments = await table(zip, tx, scope, 'study_assignments', assignmentPage, (s) => [
    [
      s.studyId,
      s.studyName,
      pid(s.participantId),
      s.arm,
      parseStratumKey(s.stratumKey)
        .map(({ factor, value }) => `${factor}=${factor === 'site' ? d.site(value) : value}`)
        .join('|') || 'all',
      s.blockNumber,
      date(s.participantId, s.assignedOn),
      d.staff(s.assignedBy),
    ],
  ]);
  return counts;
}

function dictionaryCsv(): string {
  let text = csvLine(['table', 'column', 'type', 'meaning', 'de_identification']);
  for (const t of ANALYSIS_TABLES) for (const c of t.columns) text += csvLine([t.table, c.column, c.type, c.meaning, DEID_DESCRIPTIONS[c.deid]]);
  return text;
}

export function readmeText(options: ExportOptions, counts: Record<string, number>, scope: Scope): string {
  const lines = [
    'Tandem: de-identified analysis export',
    '',
    `Made on ${options.today}. Dates: ${options.dates === 'shifted' ? 'shifted per participant' : 'year and month only'}. Participants: ${scope === null ? 'the whole program' : `the ${String(scope.length)} site(s) of the person who made it`}.`,
    '',
    'Method (HIPAA Safe Harbor, 45 CFR 164.514(b)(2), applied to every file):',
    '- No names, phone numbers, e-mail addresses, street addresses, notes or other free text of any person are included.',
    '- Participants, staff, sites and records carry pseudonymous ids: HMAC-SHA256 of the internal id under a secret kept by the program',
    '  and never exported. The same person has the same id in every file and in every export; the ids cannot be reversed without the secret.',
    options.dates === 'shifted'
      ? '- Every date of a participant is moved by the same number of days, between -182 and +182 and never 0, derived from the same secret:\n  intervals within one person are exact, and repeated exports agree. Calendar time across people is not preserved.'
      : '- Every date is reduced to its year and month (YYYY-MM).',
    '- Dates of birth are not exported: age in years on the export day, 90 and over grouped as "90+"; the birth year only with',
    '  year-month dates and an age of 89 or less.',
    '- ZIP codes are cut to their first 3 digits; the 3-digit areas of 20,000 people or fewer are reported as 000.',
    '- Instants (contact times, referral steps) are reported as the calendar day where they happened, then shifted or cut like dates.',
    '',
    'The data dictionary (data_dictionary.csv) lists every table and column, its meaning and the de-identification applied.',
    'Small counts are not suppressed in these files: apply your own small-cell rules before publishing.',
    '',
    'Rows:',
    ...Object.entries(counts).map(([t, n]) => `  ${t}.csv: ${String(n)}`),
    '',
  ];
  return lines.join('\r\n');
}

/* ---------- the export, recorded ---------- */

/** Records the start of an export (committed before the first byte is sent) and answers its id. */
export async function beginAnalysisExport(tx: Tx, actor: Actor, dates: AnalysisDates, now: Date): Promise<string> {
  const scope = exportScope(actor);
  const { id } = await insertExportRecord(tx, { requestedAt: now, requestedBy: actor.via === 'system' ? null : actor.userId, dates, status: 'started' });
  await recordAudit(tx, actor, now, {
    action: 'analysis_export.start',
    recordType: 'analysis_export',
    recordId: id,
    details: { dates, scope: scope === null ? 'all_sites' : 'own_sites', siteCount: scope?.length ?? null },
  });
  return id;
}

/**
 * The zip as a stream. Reads in one REPEATABLE READ transaction, which also marks
 * the export completed with its row counts (and audits it); the zip's central
 * directory is written only after that commits. If the client goes away or a read
 * fails, the download is cut short and the export is marked failed.
 */
export function streamAnalysisExport(database: Database, clock: Clock, actor: Actor, exportId: string, options: ExportOptions): Readable {
  const zip = new ZipStream();
  const scope = exportScope(actor);
  void (async () => {
    try {
      await database.db.transaction(
        async (tx) => {
          const d = new Deidentifier(await readSecret(tx), options.dates);
          const counts = await writeTables(zip, tx, scope, d, options);
          await zip.file('data_dictionary.csv', (push) => push(dictionaryCsv()));
          await zip.file('README.txt', (push) => push(readmeText(options, counts, scope)));
          const now = clock.now();
          await finishExportRecord(tx, exportId, { status: 'completed', rowCounts: counts, completedAt: now });
          await recordAudit(tx, actor, now, {
            action: 'analysis_export.complete',
            recordType: 'analysis_export',
            recordId: exportId,
            details: { dates: options.dates, rowCounts: counts },
          });
        },
        { isolationLevel: 'repeatable read' },
      );
      // The zip's last bytes go out only once its record is committed.
      zip.end();
    } catch (err) {
      zip.out.destroy(err instanceof Error ? err : new Error(String(err)));
      await database.db
        .transaction((tx) => finishExportRecord(tx, exportId, { status: 'failed', completedAt: clock.now() }))
        .catch(() => undefined);
    }
  })();
  return zip.out;
}

export async function listAnalysisExports(tx: Tx, limit = 100): Promise<{ items: AnalysisExportRecord[] }> {
  const rows = await exportRecords(tx, limit);
  return {
    items: rows.map(({ e, name }) => ({
      id: e.id,
      requestedAt: e.requestedAt.toISOString(),
      requestedBy: e.requestedBy ? { id: e.requestedBy, name: name ?? '' } : null,
      dates: e.dates,
      status: e.status,
      rowCounts: e.rowCounts,
      completedAt: e.completedAt?.toISOString() ?? null,
    })),
  };
}
