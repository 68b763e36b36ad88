import { describe, expect, it } from 'vitest';
import {
  isoDate,
  loginInput,
  participantCreateInput,
  participantCrossFieldIssues,
  participantListQuery,
  participantUpdateInput,
  siteCreateInput,
  userCreateInput,
} from './schemas.ts';

const SITE = '5b0c3f59-3a8e-4a8a-9d3e-7d1a1e2f4c11';
const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (r.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('isoDate', () => {
  it.each(['2024-02-29', '1900-01-01', '1988-03-07'])('accepts %s', (d) => {
    expect(isoDate.safeParse(d).success).toBe(true);
  });

  it.each(['2023-02-29', '1988-02-30', '1988-13-01', '1988-04-31', '0000-00-00'])('rejects the impossible date %s', (d) => {
    expect(messages(isoDate.safeParse(d))).toEqual([': Not a real date']);
  });

  it.each(['3/7/1988', '1988-3-7', '19880307', '1988-03-07T00:00:00Z', ''])('rejects %j with one message about the format', (d) => {
    expect(messages(isoDate.safeParse(d))).toEqual([': Use the format YYYY-MM-DD']);
  });
});

describe('participantCreateInput', () => {
  const base = { siteId: SITE, firstName: 'Samuel', lastName: 'Johnson', dateOfBirth: '1988-03-07', custodyStatus: 'in_custody' };

  it('trims names, turns empty optional text into null and lower-cases the e-mail', () => {
    const r = participantCreateInput.parse({ ...base, firstName: '  Samuel ', preferredName: '  ', email: ' Sam@Example.ORG ', phone: '', preferredLanguage: 'pt-BR' });
    expect(r).toMatchObject({ firstName: 'Samuel', preferredName: null, email: 'sam@example.org', phone: null, preferredLanguage: 'pt-BR' });
  });

  it.each([
    [{ race: ['martian'] }, 'race.0'],
    [{ race: ['white', 'white'] }, 'race'],
    [{ phone: '555-12' }, 'phone'],
    [{ email: 'sam@' }, 'email'],
    [{ preferredLanguage: 'english' }, 'preferredLanguage'],
    [{ custodyStatus: 'paroled' }, 'custodyStatus'],
    [{ firstName: 'x'.repeat(81) }, 'firstName'],
    [{ siteId: 'cook' }, 'siteId'],
  ])('names the field for %j', (change, path) => {
    const r = participantCreateInput.safeParse({ ...base, ...change });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual([path]);
  });

  it('says "Required" for a missing field', () => {
    const { firstName: _omit, ...rest } = base;
    expect(messages(participantCreateInput.safeParse(rest))).toEqual(['firstName: Required']);
  });
});

describe('participantUpdateInput', () => {
  it('needs the version read, and nothing else', () => {
    expect(participantUpdateInput.safeParse({ version: 3 }).success).toBe(true);
    expect(participantUpdateInput.safeParse({ firstName: 'Sam' }).error?.issues.map((i) => i.path.join('.'))).toEqual(['version']);
    expect(participantUpdateInput.safeParse({ version: 0 }).success).toBe(false);
    expect(participantUpdateInput.safeParse({ version: 1.5 }).success).toBe(false);
  });

  it('lets null clear an optional field but not a required one', () => {
    expect(participantUpdateInput.parse({ version: 1, phone: null }).phone).toBeNull();
    expect(participantUpdateInput.safeParse({ version: 1, dateOfBirth: null }).success).toBe(false);
  });
});

describe('participantCrossFieldIssues', () => {
  const today = '2026-03-02';
  const paths = (p: Parameters<typeof participantCrossFieldIssues>[0]) => participantCrossFieldIssues(p, today).map((i) => i.path);

  it('accepts someone born today and released today', () => {
    expect(paths({ dateOfBirth: today, releaseDate: today })).toEqual([]);
    expect(paths({})).toEqual([]);
  });

  it('rejects a birth tomorrow or before 1900', () => {
    expect(paths({ dateOfBirth: '2026-03-03' })).toEqual(['dateOfBirth']);
    expect(paths({ dateOfBirth: '1899-12-31' })).toEqual(['dateOfBirth']);
  });

  it('rejects a release date in the future, but not an expected one', () => {
    expect(paths({ dateOfBirth: '1988-03-07', releaseDate: '2026-03-03' })).toEqual(['releaseDate']);
    expect(paths({ dateOfBirth: '1988-03-07', expectedReleaseDate: '2027-01-01' })).toEqual([]);
  });

  it('rejects a release before birth', () => {
    const issues = participantCrossFieldIssues({ dateOfBirth: '1988-03-07', releaseDate: '1980-01-01' }, today);
    expect(issues).toEqual([{ path: 'releaseDate', message: 'Release date is before the date of birth' }]);
  });
});

describe('other inputs', () => {
  it('sites need a real IANA time zone', () => {
    expect(siteCreateInput.safeParse({ name: 'Cook County Jail', type: 'jail', timeZone: 'America/Chicago' }).success).toBe(true);
    expect(messages(siteCreateInput.safeParse({ name: 'Cook County Jail', type: 'jail', timeZone: 'Central Time' }))).toEqual([
      'timeZone: Not a known IANA time zone (for example America/Chicago)',
    ]);
  });

  it('new users default to an invitation and no sites; a set password needs 12 characters', () => {
    expect(userCreateInput.parse({ email: 'a@b.org', name: 'A B', role: 'evaluator' })).toMatchObject({ siteIds: [], setup: { method: 'invitation' } });
    const short = userCreateInput.safeParse({ email: 'a@b.org', name: 'A B', role: 'evaluator', setup: { method: 'password', password: 'elevenchars' } });
    expect(short.error?.issues.map((i) => i.path.join('.'))).toEqual(['setup.password']);
  });

  it('sign-in e-mails are compared trimmed and lower-cased', () => {
    expect(loginInput.parse({ email: ' Ana@Tandem.TEST ', password: 'x' }).email).toBe('ana@tandem.test');
  });

  it('list queries default to 25 and cap at 100', () => {
    expect(participantListQuery.parse({}).limit).toBe(25);
    expect(participantListQuery.parse({ limit: '7' }).limit).toBe(7);
    expect(participantListQuery.safeParse({ limit: '101' }).success).toBe(false);
  });
});
