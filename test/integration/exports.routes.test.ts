/**
 * The analysis export: Samuel Johnson is followed at Cook County Jail (a contact
 * with a note, a recovery plan in his own words, a referral with a note, an
 * overdose his sister reported, buprenorphine, naloxone for his mother, a
 * BARC-10 and an intake form with free text, a study arm). Eleanor, 96, is
 * followed too. Eve, the program's evaluator, downloads the de-identified zip:
 * nothing in it names or reaches any of them, every date of Samuel moves
 * together, and a second export agrees with the first. Who may; bad input.
 */
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisExportRecord } from '../../src/core/exports.ts';
import { rowsOf } from '../../src/server/db/database.ts';
import { instruments, instrumentVersions } from '../../src/server/assessments/assessments.table.ts';
import { beginAnalysisExport, streamAnalysisExport } from '../../src/server/exports/exports.service.ts';
import { addOrganization } from '../support/directory.ts';
import {
  castOfStaff,
  defined,
  fieldPaths,
  newStaff,
  participantInput,
  signedIn,
  signInEveryone,
  startHarness,
  type Browser,
  type Cast,
  type Harness,
  type PersonKey,
} from '../support/harness.ts';

let h: Harness;
let cast: Cast;
let as: Record<PersonKey, Browser>;

const SAMUEL = {
  firstName: 'Samuel',
  lastName: 'Johnson',
  preferredName: 'Sammy',
  dateOfBirth: '1988-03-07',
  phone: '(312) 555-0199',
  email: 'samuel.johnson@example.org',
};
const ELEANOR = { firstName: 'Eleanor', lastName: 'Whitfield', dateOfBirth: '1930-01-15', phone: '(312) 555-0123' };
const LAKE = { firstName: 'Quentin', lastName: 'Abernathy', dateOfBirth: '1979-11-02' };
const SECRETS = [
  'Samuel',
  'Sammy',
  'Johnson',
  '555-0199',
  '5550199',
  'samuel.johnson@example.org',
  '1988-03-07',
  'Eleanor',
  'Whitfield',
  '1930-01-15',
  '555-0123',
  'Division 10',
  'driver',
  'license',
  'Secretary of State',
  'Call his sister Rosa',
  'Rosa',
  'Fentanyl',
  'sister used the kit',
  'Dr. Alvarez',
  'Maria Johnson',
  'Release desk',
  'sleeps at his cousin',
  'Ana Reyes',
  'Cai Morgan',
  'Cook County Jail',
  'behind the laundromat',
];

interface Csv {
  header: string[];
  rows: Record<string, string>[];
}

function parseCsv(text: string): Csv {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r') continue;
    else if (ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  const [header = [], ...rest] = records;
  return { header, rows: rest.map((r) => Object.fromEntries(header.map((c, i) => [c, r[i] ?? '']))) };
}

interface Unzipped {
  files: Record<string, Uint8Array>;
  csv: (name: string) => Csv;
  text: string;
}

function unzip(res: LightMyRequestResponse): Unzipped {
  expect(res.statusCode, res.body).toBe(200);
  const files = unzipSync(new Uint8Array(res.rawPayload));
  return {
    files,
    csv: (name) => parseCsv(strFromU8(defined(files[`${name}.csv`], name))),
    text: Object.values(files)
      .map((f) => strFromU8(f))
      .join('\n'),
  };
}

let samuel: string;
let eleanor: string;
let lakeOne: string;
let studyId: string;

beforeAll(async () => {
  h = await startHarness();
  cast = await castOfStaff(h);
  as = await signInEveryone(cast);

  const create = async (by: Browser, siteId: string, p: Record<string, unknown>) => {
    const res = await by.post('/api/participants', participantInput(siteId, { custodyStatus: 'community', expectedReleaseDate: null, releaseDate: '2026-02-20', ...p }));
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  };
  samuel = await create(as.ana, cast.sites.cook, { ...SAMUEL, gender: 'man', race: ['black_or_african_american'], ethnicity: 'not_hispanic_or_latino' });
  eleanor = await create(as.ana, cast.sites.cook, ELEANOR);
  lakeOne = await create(as.ben, cast.sites.lake, LAKE);
  const ok = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res;
  };
  ok(await as.ana.post(`/api/participants/${samuel}/enrollments`, { enrolledOn: '2026-02-21', referralSource: 'jail_in_reach', coachId: cast.people.ana.id, caseManagerId: cast.people.cai.id }));
  const episodes = ok(await as.ana.get(`/api/participants/${samuel}/enrollments`)).json<{ items: { id: string }[] }>();
  ok(await as.ana.post(`/api/participants/${samuel}/enrollments/${defined(episodes.items[0]).id}/interviews`, { kind: 'intake', conductedOn: '2026-02-23' }));
  ok(await as.ben.post(`/api/participants/${lakeOne}/enrollments`, { enrolledOn: '2026-02-25', referralSource: 'court' }));
  ok(
    await as.ana.post(`/api/participants/${samuel}/contacts`, {
      occurredAt: '2026-03-02T14:30:00Z',
      durationMinutes: 45,
      mode: 'in_person',
      locationType: 'community',
      reached: true,
      services: ['recovery_coaching'],
      note: 'Met in Division 10 before release; his phone is (312) 555-0199.',
    }),
  );
  ok(
    await as.ana.request('PUT', `/api/participants/${samuel}/plan`, {
      version: 0,
      goals: [
        {
          text: 'I want to get my driver’s license back',
          domain: 'purpose',
          targetDate: '2026-06-30',
          steps: [
            { what: 'Call the Secretary of State', owner: 'participant', dueDate: '2026-03-10' },
            { what: 'Save for the fee', owner: 'participant', dueDate: null, status: 'done' },
          ],
        },
      ],
    }),
  );
  const clinic = await addOrganization(as.pat, 'Westside Recovery Clinic', ['moud']);
  ok(await as.ana.post(`/api/participants/${samuel}/referrals`, { need: 'moud_treatment', resourceId: clinic, notes: 'Call his sister Rosa at (773) 555-0142 first' }));
  ok(await as.ana.post(`/api/participants/${samuel}/events`, { kind: 'non_fatal_overdose', occurredOn: '2026-02-27', source: 'family', notes: 'His sister used the kit we gave her' }));
  ok(await as.ana.post(`/api/participants/${samuel}/moud-episodes`, { medication: 'buprenorphine', providerName: 'Dr. Alvarez at Erie', startedOn: '2026-02-24' }));
  ok(
    await as.sam.post('/api/naloxone/movements', {
      kind: 'received',
      siteId: cast.sites.cook,
      product: 'nasal_4mg',
      lotNumber: 'NX24A',
      expiresOn: '2027-10-31',
      kits: 24,
      occurredOn: '2026-03-01',
      source: 'IDPH',
    }),
  );
  const give = { siteId: cast.sites.cook, product: 'nasal_4mg', kits: 2, distributedOn: '2026-03-01', trainingGiven: true };
  ok(
    await as.ana.post('/api/naloxone/distributions', {
      ...give,
      recipientType: 'support_person',
      participantId: samuel,
      relationship: 'family_member',
      recipientName: 'Maria Johnson',
      location: 'Release desk',
      zip: '60623',
    }),
  );
  ok(await as.ana.post('/api/naloxone/distributions', { ...give, recipientType: 'participant', participantId: eleanor, zip: '03601' }));
  ok(
    await as.ana.post('/api/naloxone/reversals', {
      siteId: cast.sites.cook,
      participantId: samuel,
      occurredOn: '2026-02-27',
      zip: '60623',
      administeredBy: 'family',
      dosesUsed: 2,
      survived: 'yes',
      emsCalled: true,
      rescueBreathing: null,
      note: 'Found behind the laundromat on Kedzie',
    }),
  );

  // BARC-10, and a program form with a free-text item.
  const values = ['strongly_disagree', 'disagree', 'somewhat_disagree', 'somewhat_agree', 'agree', 'strongly_agree'];
  const answers = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`barc_${String(i + 1)}`, values[4] ?? '']));
  const barc = ok(await as.ana.post(`/api/participants/${samuel}/assessments`, { instrumentKey: 'barc10', answers })).json<{ id: string }>();
  ok(await as.ana.patch(`/api/participants/${samuel}/assessments/${barc.id}`, { answers: {}, complete: true, version: 1 }));
  const now = h.clock.now();
  await h.testDb.database.db.transaction(async (tx) => {
    const [inst] = await tx.insert(instruments).values({ key: 'intake_form', createdAt: now }).returning();
    await tx.insert(instrumentVersions).values({
      instrumentId: defined(inst).id,
      version: 1,
      createdAt: now,
      definition: {
        key: 'intake_form',
        version: 1,
        languages: ['en'],
        title: { en: 'Intake form' },
        items: [
          { id: 'housed', prompt: { en: 'Housed?' }, required: true, type: 'single_choice', options: [{ value: 'yes', label: { en: 'Yes' } }, { value: 'no', label: { en: 'No' } }] },
          { id: 'where_sleeps', prompt: { en: 'Where do you sleep?' }, required: false, type: 'text' },
        ],
        scoring: { type: 'none' },
      },
    });
  });
  ok(await as.ana.post(`/api/participants/${samuel}/assessments`, { instrumentKey: 'intake_form', answers: { housed: 'no', where_sleeps: 'He sleeps at his cousin’s on Kedzie' } }));

  const study = ok(
    await as.pat.post('/api/studies', {
      name: 'CTI vs naloxone only',
      arms: [
        { key: 'cti', label: 'CTI', ratio: 1 },
        { key: 'naloxone_only', label: 'Naloxone only', ratio: 1 },
      ],
      strataFactors: ['site'],
      blockSizes: [2, 4],
    }),
  ).json<{ id: string; version: number }>();
  studyId = study.id;
  ok(await as.pat.patch(`/api/studies/${study.id}`, { version: study.version, status: 'active' }));
  ok(await as.ana.post(`/api/studies/${study.id}/randomize`, { participantId: samuel }));
});
afterAll(async () => h.close());

const FILES = [
  'participants.csv',
  'enrollments.csv',
  'enrollment_interviews.csv',
  'enrollment_phases.csv',
  'contacts.csv',
  'assessments.csv',
  'assessment_answers.csv',
  'plan_goals.csv',
  'referrals.csv',
  'referral_events.csv',
  'moud_episodes.csv',
  'naloxone_distributions.csv',
  'naloxone_reversals.csv',
  'critical_events.csv',
  'study_assignments.csv',
  'data_dictionary.csv',
  'README.txt',
];

const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

describe('Eve downloads the de-identified export', () => {
  let first: Unzipped;
  let res: LightMyRequestResponse;
  let samuelId: string;

  it('is a zip attachment with one CSV per table, the data dictionary and a README', async () => {
    res = await as.eve.get('/api/exports/analysis');
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="tandem-analysis-2026-03-02-shifted\.zip"$/);
    expect(res.headers['cache-control']).toBe('no-store');
    first = unzip(res);
    expect(Object.keys(first.files)).toEqual(FILES);
    const dictionary = first.csv('data_dictionary');
    expect(dictionary.header).toEqual(['table', 'column', 'type', 'meaning', 'de_identification']);
    // Every column of every file is in the dictionary.
    for (const f of FILES.filter((n) => n.endsWith('.csv') && n !== 'data_dictionary.csv')) {
      const table = f.replace('.csv', '');
      expect(first.csv(table).header).toEqual(dictionary.rows.filter((r) => r.table === table).map((r) => r.column));
    }
    expect(strFromU8(defined(first.files['README.txt']))).toMatch(/HMAC-SHA256/);
  });

  it('holds no name, phone, e-mail, note, free text or date of birth of anyone, and no internal id', () => {
    const bytes = first.text;
    for (const s of SECRETS) expect(bytes, s).not.toContain(s);
    for (const id of [samuel, eleanor, lakeOne, cast.people.ana.id, cast.people.cai.id, cast.sites.cook]) expect(bytes).not.toContain(id);
    expect(bytes.toLowerCase()).not.toContain('kedzie');
  });

  it('participants: pseudonymous ids, ages with 90+ grouped, no birth year with shifted dates, the study arm', () => {
    const people = first.csv('participants').rows;
    expect(people).toHaveLength(3);
    const sam = defined(people.find((p) => p.gender === 'man'));
    samuelId = defined(sam.participant_id);
    expect(samuelId).toMatch(/^P[0-9a-f]{16}$/);
    expect(sam).toMatchObject({ age: '37', age_group: '35-44', birth_year: '', race: 'black_or_african_american', site_type: 'jail' });
    expect(sam.study_arms).toMatch(new RegExp(`^${studyId}:(cti|naloxone_only)$`));
    const old = defined(people.find((p) => p.age === '90+'));
    expect(old).toMatchObject({ age_group: '90+', birth_year: '' });
  });

  it('every date of Samuel moves by the same number of days (never 0, at most 182)', () => {
    const sam = defined(first.csv('participants').rows.find((p) => p.participant_id === samuelId));
    const offset = daysBetween('2026-02-20', defined(sam.release_date));
    expect(offset).not.toBe(0);
    expect(Math.abs(offset)).toBeLessThanOrEqual(182);
    const enrolled = defined(first.csv('enrollments').rows.find((e) => e.participant_id === samuelId));
    expect(daysBetween('2026-02-21', defined(enrolled.enrolled_on))).toBe(offset);
    expect(enrolled.coach).toMatch(/^S[0-9a-f]{16}$/);
    const contact = defined(first.csv('contacts').rows[0]);
    // 14:30 UTC is 8:30 in Chicago, on 2 March.
    expect(daysBetween('2026-03-02', defined(contact.occurred_on))).toBe(offset);
    expect(contact).toMatchObject({ participant_id: samuelId, mode: 'in_person', reached: 'true', services: 'recovery_coaching', duration_minutes: '45' });
    const referral = defined(first.csv('referrals').rows.find((r) => r.participant_id === samuelId));
    const drafted = defined(first.csv('referral_events').rows.find((e) => e.referral_id === referral.referral_id));
    expect(drafted).toMatchObject({ participant_id: samuelId, step: '1', from_status: '', to_status: 'draft', appointment_on: '', outcome: '' });
    expect(drafted.on).toBe(referral.created_on);
    expect(drafted.by).toMatch(/^S[0-9a-f]{16}$/);
    const event = defined(first.csv('critical_events').rows[0]);
    expect(daysBetween('2026-02-27', defined(event.occurred_on))).toBe(offset);
    expect(event).toMatchObject({ kind: 'non_fatal_overdose', days_since_release: '7', within_30_days_of_release: 'true' });
    const moud = defined(first.csv('moud_episodes').rows[0]);
    expect(daysBetween('2026-02-24', defined(moud.started_on))).toBe(offset);
    const goal = defined(first.csv('plan_goals').rows[0]);
    expect(goal).toMatchObject({ participant_id: samuelId, domain: 'purpose', steps: '2', steps_done: '1', steps_not_started: '1' });
    expect(daysBetween('2026-06-30', defined(goal.target_date))).toBe(offset);
    // The funder's intake interview and the critical-time phases, with the episode's pseudonym.
    const intake = defined(first.csv('enrollment_interviews').rows.find((i) => i.participant_id === samuelId));
    expect(intake).toMatchObject({ enrollment_id: enrolled.enrollment_id, kind: 'intake' });
    expect(daysBetween('2026-02-23', defined(intake.conducted_on))).toBe(offset);
    const phase = defined(first.csv('enrollment_phases').rows.find((x) => x.participant_id === samuelId));
    expect(phase.enrollment_id).toBe(enrolled.enrollment_id);
    expect(daysBetween('2026-02-21', defined(phase.started_on))).toBe(offset);
    const reversal = defined(first.csv('naloxone_reversals').rows[0]);
    expect(reversal).toMatchObject({ participant_id: samuelId, zip3: '606', administered_by: 'family', doses_used: '2', survived: 'yes', ems_called: 'true', rescue_breathing: '' });
    expect(reversal.reversal_id).toMatch(/^O[0-9a-f]{16}$/);
    expect(daysBetween('2026-02-27', defined(reversal.occurred_on))).toBe(offset);
    const assigned = defined(first.csv('study_assignments').rows[0]);
    expect(daysBetween('2026-03-02', defined(assigned.assigned_on))).toBe(offset);
    expect(assigned.stratum).toMatch(/^site=X[0-9a-f]{16}$/);
  });

  it('ZIP codes are cut to 3 digits, small areas to 000; only participant-linked kits', () => {
    const kits = first.csv('naloxone_distributions').rows;
    expect(kits.map((k) => k.zip3).sort()).toEqual(['000', '606']);
    expect(kits.find((k) => k.recipient_type === 'support_person')).toMatchObject({ relationship: 'family_member', kits: '2', training_given: 'true' });
  });

  it('assessment answers leave out free-text items', () => {
    const answers = first.csv('assessment_answers').rows;
    expect(answers.filter((a) => a.item?.startsWith('barc_'))).toHaveLength(10);
    expect(answers.find((a) => a.item === 'housed')?.value).toBe('no');
    expect(answers.some((a) => a.item === 'where_sleeps')).toBe(false);
    expect(first.csv('assessments').rows.find((a) => a.instrument === 'barc10')).toMatchObject({ status: 'completed', score: '50' });
  });

  it('a second export agrees with the first: the same pseudonyms, the same shifted dates', async () => {
    h.clock.advance(10 * 60_000);
    const second = unzip(await as.eve.get('/api/exports/analysis'));
    for (const t of ['participants', 'enrollments', 'contacts', 'critical_events', 'referrals', 'study_assignments']) {
      expect(second.csv(t).rows, t).toEqual(first.csv(t).rows);
    }
  });

  it('with year-month dates: months only, and the birth year up to age 89', async () => {
    h.clock.advance(60_000);
    const month = unzip(await as.eve.get('/api/exports/analysis?dates=month'));
    const people = month.csv('participants').rows;
    expect(defined(people.find((p) => p.participant_id === samuelId))).toMatchObject({ birth_year: '1988', release_date: '2026-02' });
    expect(defined(people.find((p) => p.age === '90+')).birth_year).toBe('');
    expect(defined(month.csv('enrollments').rows.find((e) => e.participant_id === samuelId)).enrolled_on).toBe('2026-02');
    expect(defined(month.csv('contacts').rows[0]).occurred_on).toBe('2026-03');
    for (const s of SECRETS) expect(month.text, s).not.toContain(s);
  });

  it('every export is recorded with who, the options and the row counts; program administrators see the list', async () => {
    const list = await as.pat.get('/api/exports/analysis/history');
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: AnalysisExportRecord[] }>().items;
    expect(items).toHaveLength(3);
    expect(items[0]).toMatchObject({ dates: 'month', status: 'completed', requestedBy: { name: 'Eve Laurent' } });
    expect(items[2]?.rowCounts).toMatchObject({ participants: 3, contacts: 1, naloxone_distributions: 2, study_assignments: 1 });
    const audit = rowsOf<{ action: string; n: number }>(
      await h.testDb.database.db.execute(
        sql`select action, count(*)::int as n from audit_events where record_type = 'analysis_export' and actor_user_id = ${cast.people.eve.id} group by action order by action`,
      ),
    );
    expect(audit).toEqual([
      { action: 'analysis_export.complete', n: 3 },
      { action: 'analysis_export.start', n: 3 },
    ]);
    expect((await as.eve.get('/api/exports/analysis/history')).statusCode).toBe(403);
  });
});

describe('who may export, and bad input', () => {
  it('coaches, case managers, site managers and supervisors get 403', async () => {
    for (const who of ['ana', 'cai', 'ben', 'sam', 'sue'] as const) expect((await as[who].get('/api/exports/analysis')).statusCode, who).toBe(403);
  });

  it('an evaluator assigned to Lake County Jail exports only Lake’s participants', async () => {
    const lakeEval = await newStaff(h, { key: 'lev', name: 'Lev Evaluator', role: 'evaluator', siteIds: [cast.sites.lake] });
    const b = await signedIn(h.app, lakeEval.email);
    const zip = unzip(await b.get('/api/exports/analysis'));
    expect(zip.csv('participants').rows).toHaveLength(1);
    expect(zip.csv('enrollments').rows.map((e) => e.referral_source)).toEqual(['court']);
    expect(zip.csv('contacts').rows).toHaveLength(0);
    expect(zip.csv('naloxone_distributions').rows).toHaveLength(0);
  });

  it('an unknown dates option is refused, naming it', async () => {
    const res = await as.eve.get('/api/exports/analysis?dates=exact');
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res)).toEqual(['querystring.dates']);
  });

  it('the API description lists the export, the studies and their inputs', async () => {
    const doc = (await h.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/api/exports/analysis', '/api/exports/analysis/history', '/api/studies', '/api/studies/{id}', '/api/studies/{id}/randomize', '/api/participants/{id}/studies']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
  });

  it('a download cut short is recorded as interrupted, and the database is free again', async () => {
    const { db } = h.testDb.database;
    const actor = { userId: cast.people.eve.id, name: 'Eve Laurent', role: 'evaluator' as const, siteIds: [], via: 'session' as const, tokenId: null, clientAddress: null };
    const now = h.clock.now();
    const id = await db.transaction((tx) => beginAnalysisExport(tx, actor, 'shifted', now));
    const stream = streamAnalysisExport(h.testDb.database, h.clock, actor, id, { dates: 'shifted', today: '2026-03-02' });
    // The client goes away at once (the server destroys the response's stream when its socket closes).
    stream.destroy();
    await expect
      .poll(async () => rowsOf<{ status: string }>(await db.execute(sql`select status from analysis_exports where id = ${id}`))[0]?.status, { timeout: 20_000 })
      .toBe('failed');
    const completions = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from audit_events where action = 'analysis_export.complete' and record_id = ${id}`));
    expect(completions[0]?.n).toBe(0);
    expect((await as.pat.get('/api/exports/analysis/history')).statusCode).toBe(200);
  });

  it('the analysis secret cannot be changed', async () => {
    await expect(h.testDb.database.db.execute(sql`update analysis_secret set secret = 'x'`)).rejects.toThrow();
  });
});
