/**
 * Supervision analysis: sessions by kind per month and theme frequencies as
 * charts (each with a table alternative), themes by quarter and site, sessions
 * per staff member per month, agreement and Cohen's kappa per theme, and the
 * "sessions by kind × theme" table to download as CSV. Evaluators see it
 * de-identified (staff by role and id).
 */
import * as Plot from '@observablehq/plot';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { deidentifiedSessionsTable, kindByThemeTable, monthsBetween, quartersBetween, themeTree, toCsv, type Analysis } from '../../../core/supervision.ts';
import { describeError } from '../../api/describeError.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { TextField } from '../../ui/Field.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { INK } from '../reports/charts/palette.ts';
import { PlotFigure } from '../reports/charts/PlotFigure.tsx';
import { useSites } from '../sites/useSites.ts';
import { supervisionApi } from './supervisionApi.ts';
import './supervision.css';

export function AnalysisPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const [range, setRange] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const analysis = useAsync((signal) => supervisionApi.analysis(range, signal), [range.from, range.to]);
  return (
    <Page title={t('supervision.analysisTitle')}>
      {can('supervision:read') ? (
        <p>
          <Link to="/supervision">{t('supervision.back')}</Link>
        </p>
      ) : (
        <p>
          <Link to="/supervision/codebook">{t('supervision.codebookLink')}</Link>
        </p>
      )}
      <div className="filters supervision-filters">
        <TextField name="from" type="date" label={t('supervision.from')} value={range.from} onChange={(v) => setRange((r) => ({ ...r, from: v }))} />
        <TextField name="to" type="date" label={t('supervision.to')} value={range.to} onChange={(v) => setRange((r) => ({ ...r, to: v }))} />
      </div>
      {analysis.status === 'loading' ? <Loading label={t('supervision.loading')} /> : null}
      {analysis.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(analysis.error, t)}</p>
        </Notice>
      ) : null}
      {analysis.status === 'ok' ? <AnalysisView a={analysis.data} csvHref={supervisionApi.csvUrl(range)} /> : null}
    </Page>
  );
}

const pct = (n: number | null) => (n === null ? '—' : n.toFixed(2));

function AnalysisView({ a, csvHref }: { a: Analysis; csvHref: string }) {
  const { t } = useI18n();
  const sites = useSites();
  const themeName = (id: string) => a.themes.find((x) => x.id === id)?.name ?? id;
  const siteName = (id: string) => (id === 'none' ? t('supervision.noSite') : (sites.data?.find((s) => s.id === id)?.name ?? t('supervision.siteId', { id: id.slice(0, 8) })));
  const kindTable = kindByThemeTable(a.themes, a.byKind);
  const themeTotals = kindTable.rows
    .map((r) => ({ name: String(r[0]), total: Number(r[3]) }))
    .filter((r) => r.total > 0)
    .sort((x, y) => y.total - x.total);
  // Every month and quarter of the range, empty ones too, so a trend shows its gaps.
  const months = monthsBetween(a.from, a.to);
  const quarters = quartersBetween(a.from, a.to);
  const siteIds = [...new Set(a.bySite.map((r) => r.siteId))];
  const usedThemes = themeTree(a.themes).filter((n) => a.byKind.some((r) => r.themeId === n.theme.id));

  return (
    <>
      {a.deidentified ? (
        <Notice tone="info">
          <p>{t('supervision.deidentified')}</p>
        </Notice>
      ) : null}
      <p>
        {t('supervision.totals', {
          sessions: a.totals.sessions,
          individual: a.totals.individual,
          group: a.totals.groupConsultation,
          coded: a.totals.coded,
          double: a.totals.doubleCoded,
          reconciled: a.totals.reconciled,
        })}
      </p>
      {a.totals.awaitingReconciliation > 0 ? <p className="muted">{t('supervision.awaiting', { count: a.totals.awaitingReconciliation })}</p> : null}
      {a.totals.withheldUntilYouCode > 0 ? (
        <Notice tone="info">
          <p data-testid="withheld">{t('supervision.withheld', { count: a.totals.withheldUntilYouCode })}</p>
        </Notice>
      ) : null}

      <section aria-labelledby="sv-kinds-title">
        <h2 id="sv-kinds-title">{t('supervision.kindsByMonth')}</h2>
        <BarChart
          label={t('supervision.kindsChartLabel')}
          bars={a.kindsByMonth.map((m) => ({ label: m.month, values: [m.individual, m.groupConsultation] }))}
          series={[t('supervision.kind.individual'), t('supervision.kind.group_consultation')]}
        />
        <TableWrap label={t('supervision.kindsByMonth')}>
          <table className="table">
            <caption>{t('supervision.kindsByMonth')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervision.month')}</th>
                <th scope="col">{t('supervision.kind.individual')}</th>
                <th scope="col">{t('supervision.kind.group_consultation')}</th>
              </tr>
            </thead>
            <tbody>
              {a.kindsByMonth.map((m) => (
                <tr key={m.month}>
                  <th scope="row">{m.month}</th>
                  <td>{m.individual}</td>
                  <td>{m.groupConsultation}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>

      <section aria-labelledby="sv-themes-title">
        <h2 id="sv-themes-title">{t('supervision.themeFrequency')}</h2>
        {themeTotals.length === 0 ? (
          <p className="muted">{t('supervision.noCodedSessions')}</p>
        ) : (
          <BarChart label={t('supervision.themeChartLabel')} bars={themeTotals.map((r) => ({ label: r.name, values: [r.total] }))} series={[t('supervision.sessionsCount')]} horizontal />
        )}
        <TableWrap label={t('supervision.kindByTheme')}>
          <table className="table" data-testid="kind-by-theme">
            <caption>{t('supervision.kindByTheme')}</caption>
            <thead>
              <tr>
                {kindTable.header.map((h, i) => (
                  <th scope="col" key={h}>
                    {[t('supervision.theme'), t('supervision.kind.individual'), t('supervision.kind.group_consultation'), t('supervision.allSessions')][i]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {kindTable.rows.map((r) => (
                <tr key={String(r[0])}>
                  <th scope="row">{r[0]}</th>
                  <td>{r[1]}</td>
                  <td>{r[2]}</td>
                  <td>{r[3]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p>
          <a href={csvHref} download className="btn btn-secondary">
            {t('supervision.downloadCsv')}
          </a>
        </p>
      </section>

      <section aria-labelledby="sv-trend-title">
        <h2 id="sv-trend-title">{t('supervision.themeTrends')}</h2>
        {usedThemes.length === 0 ? <p className="muted">{t('supervision.noCodedSessions')}</p> : null}
        <ThemeTrend
          title={t('supervision.byMonth')}
          chartLabel={t('supervision.trendChartLabel', { title: t('supervision.byMonth') })}
          themeHeader={t('supervision.theme')}
          themes={usedThemes.map(({ theme }) => theme)}
          periods={months}
          short={(m) => m.slice(5)}
          sessions={(themeId, m) => a.byMonth.find((r) => r.month === m && r.themeId === themeId)?.sessions ?? 0}
          testId="theme-month"
        />
        <ThemeTrend
          title={t('supervision.byQuarter')}
          chartLabel={t('supervision.trendChartLabel', { title: t('supervision.byQuarter') })}
          themeHeader={t('supervision.theme')}
          themes={usedThemes.map(({ theme }) => theme)}
          periods={quarters}
          short={(q) => q.slice(2)}
          sessions={(themeId, q) => a.byQuarter.find((r) => r.quarter === q && r.themeId === themeId)?.sessions ?? 0}
          testId="theme-quarter"
        />
      </section>

      <section aria-labelledby="sv-site-title">
        <h2 id="sv-site-title">{t('supervision.bySiteTitle')}</h2>
        <p className="muted small">{t('supervision.siteDefinition')}</p>
        <ThemeTable
          caption={t('supervision.bySite')}
          themeHeader={t('supervision.theme')}
          themes={usedThemes.map(({ theme }) => theme)}
          columns={siteIds.map((id) => ({ key: id, label: siteName(id) }))}
          sessions={(themeId, id) => a.bySite.find((r) => r.siteId === id && r.themeId === themeId)?.sessions ?? 0}
        />
      </section>

      <section aria-labelledby="sv-agreement-title">
        <h2 id="sv-agreement-title">{t('supervision.agreementTitle')}</h2>
        <p className="muted small">{t('supervision.agreementIntro', { count: a.totals.doubleCoded })}</p>
        <TableWrap label={t('supervision.agreementTitle')}>
          <table className="table" data-testid="agreement">
            <caption>{t('supervision.agreementTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervision.theme')}</th>
                <th scope="col">{t('supervision.bothCoded')}</th>
                <th scope="col">{t('supervision.onlyA')}</th>
                <th scope="col">{t('supervision.onlyB')}</th>
                <th scope="col">{t('supervision.neither')}</th>
                <th scope="col">{t('supervision.po')}</th>
                <th scope="col">{t('supervision.kappa')}</th>
              </tr>
            </thead>
            <tbody>
              {a.agreement.map((g) => (
                <tr key={g.themeId}>
                  <th scope="row">{themeName(g.themeId)}</th>
                  <td>{g.table.both}</td>
                  <td>{g.table.onlyA}</td>
                  <td>{g.table.onlyB}</td>
                  <td>{g.table.neither}</td>
                  <td>{pct(g.po)}</td>
                  <td>{g.kappa === null ? t('supervision.kappaUndefined') : g.kappa.toFixed(2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p className="muted small">{t('supervision.kappaNote')}</p>
      </section>

      {a.sessions ? <DeidentifiedSessions a={a} siteName={siteName} /> : null}

      <section aria-labelledby="sv-staff-title">
        <h2 id="sv-staff-title">{t('supervision.staffByMonth')}</h2>
        <TableWrap label={t('supervision.staffByMonth')}>
          <table className="table">
            <caption>{t('supervision.staffByMonth')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervision.month')}</th>
                <th scope="col">{t('supervision.staffMember')}</th>
                <th scope="col">{t('supervision.role')}</th>
                <th scope="col">{t('supervision.sessionsCount')}</th>
              </tr>
            </thead>
            <tbody>
              {a.staffByMonth.map((r) => (
                <tr key={`${r.month}-${r.staffId}`}>
                  <td>{r.month}</td>
                  <td>{r.name ?? t('supervision.staffId', { id: r.staffId.slice(0, 8) })}</td>
                  <td>{t(`role.${r.role}` as 'role.coach')}</td>
                  <td>{r.sessions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </>
  );
}

/**
 * Theme frequencies over time (Observable Plot): a grid of themes (rows) by
 * period (columns), each cell shaded by and carrying its number of sessions,
 * so colour is never the only key. One image to assistive technology; the
 * table under it holds the same numbers.
 */
function ThemeTrend({ title, chartLabel, themeHeader, themes, periods, short, sessions, testId }: {
  title: string;
  chartLabel: string;
  themeHeader: string;
  themes: readonly { id: string; name: string }[];
  periods: readonly string[];
  short: (period: string) => string;
  sessions: (themeId: string, period: string) => number;
  testId: string;
}) {
  const build = useCallback(
    (w: number) => {
      const narrow = w < 480;
      const cells = themes.flatMap((theme) => periods.map((period) => ({ theme: theme.name, period, n: sessions(theme.id, period) })));
      const max = Math.max(1, ...cells.map((c) => c.n));
      const clip = (name: string, n: number) => (name.length > n ? `${name.slice(0, n - 1)}…` : name);
      return {
        height: 36 + themes.length * 26,
        marginLeft: narrow ? 112 : 200,
        marginRight: 4,
        marginTop: 30,
        marginBottom: 4,
        x: { axis: 'top' as const, domain: [...periods], label: null, tickSize: 0, tickFormat: (p: string) => (narrow ? short(p) : p), padding: 0.04 },
        y: { domain: themes.map((t) => t.name), label: null, tickSize: 0, tickFormat: (n: string) => clip(n, narrow ? 17 : 30), padding: 0.06 },
        color: { type: 'linear' as const, domain: [0, max], range: ['#f3f6f8', '#0a4f7a'] },
        marks: [
          // A title per cell: a tooltip on hover, and each cell's number readable from the chart itself.
          Plot.cell(cells, { x: 'period', y: 'theme', fill: 'n', title: (c: (typeof cells)[number]) => `${c.theme}, ${c.period}: ${String(c.n)}` }),
          // Light text on the darker cells, dark on the lighter ones: 4.5:1 either way.
          Plot.text(cells, { x: 'period', y: 'theme', text: (c: (typeof cells)[number]) => String(c.n), fill: (c: (typeof cells)[number]) => (c.n > max * 0.45 ? '#ffffff' : INK), fontSize: narrow ? 10 : 12 }),
        ],
      } satisfies Plot.PlotOptions;
    },
    [themes, periods, short, sessions],
  );
  if (themes.length === 0) return null;
  return (
    <figure className="sv-trend">
      <figcaption className="sv-trend-title">{title}</figcaption>
      <PlotFigure label={chartLabel} build={build} testId={`${testId}-chart`} />
      <ThemeTable caption={title} themeHeader={themeHeader} themes={themes} columns={periods.map((p) => ({ key: p, label: p }))} sessions={sessions} testId={testId} />
    </figure>
  );
}

/** The evaluators' de-identified coded sessions: a table and the same rows as CSV. */
function DeidentifiedSessions({ a, siteName }: { a: Analysis; siteName: (id: string) => string }) {
  const { t } = useI18n();
  const table = deidentifiedSessionsTable(a.themes, a.sessions ?? []);
  const download = () => {
    const url = URL.createObjectURL(new Blob([toCsv(table.header, table.rows)], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `supervision-coded-sessions-${a.from}-to-${a.to}.csv`;
    link.click();
    URL.revokeObjectURL(url);
  };
  const sorted = [...(a.sessions ?? [])].sort((x, y) => x.month.localeCompare(y.month) || x.id.localeCompare(y.id));
  const order = themeTree(a.themes).map((n) => n.theme);
  const themeNames = (ids: readonly string[]) =>
    order
      .filter((x) => ids.includes(x.id))
      .map((x) => x.name)
      .join(', ');
  return (
    <section aria-labelledby="sv-sessions-title">
      <h2 id="sv-sessions-title">{t('supervision.codedSessions')}</h2>
      <p className="muted small">{t('supervision.codedSessionsIntro', { count: sorted.length })}</p>
      <p>
        <button type="button" className="btn btn-secondary" onClick={download} disabled={sorted.length === 0}>
          {t('supervision.downloadSessionsCsv')}
        </button>
      </p>
      <TableWrap label={t('supervision.codedSessions')}>
        <table className="table" data-testid="coded-sessions">
          <caption>{t('supervision.codedSessions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('supervision.session')}</th>
              <th scope="col">{t('supervision.month')}</th>
              <th scope="col">{t('supervision.kindShort')}</th>
              <th scope="col">{t('supervision.duration')}</th>
              <th scope="col">{t('supervision.sites')}</th>
              <th scope="col">{t('supervision.attendeeRoles')}</th>
              <th scope="col">{t('supervision.themesColumn')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.id.slice(0, 8)}</th>
                <td>{s.month}</td>
                <td>{t(`supervision.kind.${s.kind}`)}</td>
                <td>{s.durationMinutes}</td>
                <td>{s.siteIds.map(siteName).join(', ')}</td>
                <td>{s.attendees.map((x) => t(`role.${x.role}` as 'role.coach')).join(', ')}</td>
                <td>{themeNames(s.themeIds)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

/** Sessions by theme (rows) and a period or a site (columns), each count in its cell. */
function ThemeTable({ caption, themeHeader, themes, columns, sessions, testId }: {
  caption: string;
  themeHeader: string;
  themes: readonly { id: string; name: string }[];
  columns: readonly { key: string; label: string }[];
  sessions: (themeId: string, column: string) => number;
  testId?: string;
}) {
  return (
    <TableWrap label={caption}>
      <table className="table" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{themeHeader}</th>
            {columns.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {themes.map((theme) => (
            <tr key={theme.id}>
              <th scope="row">{theme.name}</th>
              {columns.map((c) => (
                <td key={c.key}>{sessions(theme.id, c.key)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/**
 * A small bar chart (inline SVG): vertical stacked bars per label, or
 * horizontal bars. Decorative to assistive technology beyond its label: the
 * table beside it carries the same numbers.
 */
function BarChart({ label, bars, series, horizontal }: { label: string; bars: { label: string; values: number[] }[]; series: string[]; horizontal?: boolean }) {
  const max = Math.max(1, ...bars.map((b) => b.values.reduce((s, v) => s + v, 0)));
  if (bars.length === 0) return null;
  if (horizontal) {
    const rowH = 22;
    const W = 340;
    const labelW = 150;
    const H = bars.length * rowH + 8;
    return (
      <figure className="sv-chart">
        <svg viewBox={`0 0 ${String(W)} ${String(H)}`} role="img" aria-label={label} className="sv-chart-svg" data-testid="theme-chart">
          {bars.map((b, i) => {
            const total = b.values.reduce((s, v) => s + v, 0);
            const w = ((W - labelW - 36) * total) / max;
            const y = 4 + i * rowH;
            return (
              <g key={b.label}>
                <text x={labelW - 6} y={y + 14} textAnchor="end" className="sv-axis">
                  {b.label.length > 24 ? `${b.label.slice(0, 23)}…` : b.label}
                </text>
                <rect x={labelW} y={y + 3} width={Math.max(w, 1)} height={rowH - 8} className="sv-bar sv-bar-0" />
                <text x={labelW + w + 4} y={y + 14} className="sv-axis">
                  {total}
                </text>
              </g>
            );
          })}
        </svg>
      </figure>
    );
  }
  const W = 340;
  const H = 170;
  const pad = { left: 28, bottom: 22, top: 8, right: 6 };
  const slot = (W - pad.left - pad.right) / bars.length;
  const innerH = H - pad.top - pad.bottom;
  return (
    <figure className="sv-chart">
      <svg viewBox={`0 0 ${String(W)} ${String(H)}`} role="img" aria-label={label} className="sv-chart-svg">
        <text x={pad.left - 4} y={pad.top + 8} textAnchor="end" className="sv-axis">
          {max}
        </text>
        <text x={pad.left - 4} y={H - pad.bottom} textAnchor="end" className="sv-axis">
          0
        </text>
        {bars.map((b, i) => {
          let y = H - pad.bottom;
          return (
            <g key={b.label}>
              {b.values.map((v, k) => {
                const h = (innerH * v) / max;
                y -= h;
                return <rect key={series[k]} x={pad.left + i * slot + slot * 0.15} y={y} width={slot * 0.7} height={h} className={`sv-bar sv-bar-${String(k)}`} />;
              })}
              {bars.length <= 12 || i % 3 === 0 ? (
                <text x={pad.left + i * slot + slot / 2} y={H - 6} textAnchor="middle" className="sv-axis sv-axis-small">
                  {b.label.slice(5)}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="sv-legend">
        {series.map((s, k) => (
          <span key={s}>
            <span className={`sv-swatch sv-bar-${String(k)}`} aria-hidden="true" /> {s}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
