import { describe, expect, it } from 'vitest';
import { label } from './breakdowns.ts';
import { comparisonPeriod } from './reports.service.ts';
import { toReportCsv } from './reports.tables.ts';

describe('the period compared with', () => {
  it('is the same number of days just before, or the same dates a year earlier', () => {
    // Whole calendar months: this quarter against the last, this month against the last.
    expect(comparisonPeriod('2026-04-01', '2026-06-30', 'previous_period')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(comparisonPeriod('2026-07-01', '2026-09-30', 'previous_period')).toEqual({ from: '2026-04-01', to: '2026-06-30' });
    expect(comparisonPeriod('2026-03-01', '2026-03-31', 'previous_period')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(comparisonPeriod('2026-01-01', '2026-02-28', 'previous_period')).toEqual({ from: '2025-11-01', to: '2025-12-31' });
    // Any other span: the same number of days just before.
    expect(comparisonPeriod('2026-04-10', '2026-04-19', 'previous_period')).toEqual({ from: '2026-03-31', to: '2026-04-09' });
    expect(comparisonPeriod('2026-01-01', '2026-12-31', 'previous_period')).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(comparisonPeriod('2026-03-01', '2026-03-01', 'previous_period')).toEqual({ from: '2026-02-28', to: '2026-02-28' });
    expect(comparisonPeriod('2024-02-01', '2024-02-29', 'previous_year')).toEqual({ from: '2023-02-01', to: '2023-02-28' });
  });
});

describe('labels of vocabulary values', () => {
  it('reads as words', () => {
    expect(label('two_or_more_races')).toBe('Two or more races');
    expect(label('18_24')).toBe('18–24');
    expect(label('65_plus')).toBe('65 and over');
    expect(label('lost_to_contact')).toBe('Lost to contact');
  });
});

describe('the CSV file', () => {
  it('puts each table under its title, quotes what needs it, keeps formulas out and writes suppressed cells as "suppressed"', () => {
    const csv = toReportCsv([
      {
        id: 'providers',
        title: 'Referrals by provider',
        columns: [
          { key: 'provider', label: 'Provider' },
          { key: 'sent', label: 'Sent' },
        ],
        rows: [
          { provider: '=HYPERLINK("x")', sent: 12 },
          { provider: 'Smith, Jones & Co', sent: null },
          { provider: 'None yet', sent: null },
        ],
        suppressed: [{ row: 1, column: 'sent' }],
      },
      { id: 'empty', title: 'Nothing', columns: [{ key: 'x', label: 'X' }], rows: [], suppressed: [] },
    ]);
    expect(csv).toBe(
      ['Referrals by provider', 'Provider,Sent', `"'=HYPERLINK(""x"")",12`, '"Smith, Jones & Co",suppressed', 'None yet,', '', 'Nothing', 'X', '', ''].join('\r\n'),
    );
  });
});
