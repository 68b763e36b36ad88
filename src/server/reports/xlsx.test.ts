import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ReportTable } from '../../core/reports.ts';
import { columnName, sheetNames, toXlsx, xmlEscape } from './xlsx.ts';

const tables: ReportTable[] = [
  {
    id: 'funnel',
    title: 'Referral funnel',
    columns: [
      { key: 'stage', label: 'Stage' },
      { key: 'referrals', label: 'Referrals' },
      { key: 'share', label: 'Share (%)' },
    ],
    rows: [
      { stage: 'Sent', referrals: 40, share: 100 },
      { stage: 'Accepted', referrals: null, share: null },
      { stage: 'Attended', referrals: 12, share: 30.5 },
    ],
    suppressed: [
      { row: 1, column: 'referrals' },
      { row: 1, column: 'share' },
    ],
  },
  {
    id: 'providers',
    title: 'Referrals by provider: A/B [test]? * a very long title indeed',
    columns: [{ key: 'provider', label: 'Provider' }],
    rows: [{ provider: 'Smith & Sons <Clinic> "East"\u0007' }],
    suppressed: [],
  },
  { id: 'dup', title: 'Referral funnel', columns: [{ key: 'x', label: 'X' }], rows: [], suppressed: [] },
];

function open(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

describe('the XLSX workbook', () => {
  const files = open(toXlsx(tables));

  it('holds the parts of a SpreadsheetML package, one worksheet per table', () => {
    expect(Object.keys(files).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet3.xml',
    ]);
    const types = files['[Content_Types].xml'] ?? '';
    expect(types).toContain('<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>');
    expect(types.match(/spreadsheetml\.worksheet\+xml/g)).toHaveLength(3);
    expect(files['_rels/.rels']).toContain('Target="xl/workbook.xml"');
    const rels = files['xl/_rels/workbook.xml.rels'] ?? '';
    expect(rels).toContain('Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"');
    expect(rels).toContain('Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"');
  });

  it('names each sheet from its table: at most 31 characters, none of []:*?/\\, unique', () => {
    const workbook = files['xl/workbook.xml'] ?? '';
    const names = [...workbook.matchAll(/<sheet name="([^"]*)" sheetId="(\d+)" r:id="rId(\d+)"\/>/g)].map((m) => m[1]);
    expect(names).toEqual(['Referral funnel', 'Referrals by provider A B test', 'Referral funnel (2)']);
    for (const n of names) expect(n?.length).toBeLessThanOrEqual(31);
  });

  it('writes a bold header row, numbers as numbers, text as inline strings, suppressed cells as "suppressed"', () => {
    const sheet = files['xl/worksheets/sheet1.xml'] ?? '';
    expect(sheet).toContain('<row r="1"><c r="A1" t="inlineStr" s="1"><is><t xml:space="preserve">Stage</t></is></c>');
    expect(sheet).toContain('<c r="B2"><v>40</v></c>');
    expect(sheet).toContain('<c r="C4"><v>30.5</v></c>');
    expect(sheet).toContain('<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve">Accepted</t></is></c><c r="B3" t="inlineStr"><is><t xml:space="preserve">suppressed</t></is></c>');
    const styles = files['xl/styles.xml'] ?? '';
    expect(styles).toContain('<font><b/>');
    expect(styles).toContain('<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>');
  });

  it('escapes text and drops characters XML cannot hold', () => {
    expect(files['xl/worksheets/sheet2.xml']).toContain('<t xml:space="preserve">Smith &amp; Sons &lt;Clinic&gt; &quot;East&quot;</t>');
    expect(xmlEscape('a\u0000b\tc')).toBe('ab\tc');
  });

  it('letters columns past Z', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('keeps sheet names unique case-insensitively and never empty', () => {
    expect(sheetNames(['Summary', 'SUMMARY', '???', "'quoted'"])).toEqual(['Summary', 'SUMMARY (2)', 'Sheet', 'quoted']);
  });
});
