import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { TableWrap } from '../../../ui/TableWrap.tsx';
import { FigureCell } from './FigureCell.tsx';
import { isSuppressed, plottable, type Figure, type NumberFormat } from './figures.ts';
import { seriesColour } from './palette.ts';

export interface BreakdownColumn {
  header: string;
  format: NumberFormat;
  /** Draw a bar in the cell (shares: 0–1 of the cell's width; counts: against the column's largest). */
  bar?: boolean;
}

export interface BreakdownGroupRow {
  label: string;
  cells: readonly Figure[];
}

/**
 * A breakdown by group (race, ethnicity, gender, age group, site) as a table
 * whose rate columns carry a bar, so gaps between groups show at a glance. The
 * numbers are the table's own text; the bars are decoration.
 */
export function BreakdownTable({ caption, groupHeader, columns, rows, testId }: { caption: string; groupHeader: string; columns: readonly BreakdownColumn[]; rows: readonly BreakdownGroupRow[]; testId?: string }) {
  const { t } = useI18n();
  const maxima = columns.map((c, ci) => (c.format === 'share' ? 1 : Math.max(1, ...rows.map((r) => plottable(r.cells[ci]) ?? 0))));
  const anySuppressed = rows.some((r) => r.cells.some(isSuppressed));
  return (
    <>
      <p className="table-title" aria-hidden="true">
        {caption}
      </p>
      <TableWrap label={caption}>
        <table className="table report-table breakdown-table" data-testid={testId}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{groupHeader}</th>
              {columns.map((c) => (
                <th scope="col" key={c.header} className={c.bar ? 'bar-col' : 'num'}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {columns.map((c, ci) => {
                  const v = r.cells[ci];
                  const n = plottable(v);
                  const max = maxima[ci] ?? 1;
                  return (
                    <td key={c.header} className={c.bar ? 'bar-cell' : 'num'}>
                      {c.bar && n !== null ? (
                        <span className="cell-bar" aria-hidden="true">
                          <span className="cell-bar-fill" style={{ width: `${String(Math.min(100, (100 * n) / max))}%`, background: seriesColour(0) }} />
                        </span>
                      ) : c.bar ? (
                        <span className="cell-bar cell-bar--empty" aria-hidden="true" />
                      ) : null}
                      <span className="cell-value">
                        <FigureCell value={v} format={c.format} />
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {anySuppressed ? <p className="muted small">{t('reports.suppressedNote')}</p> : null}
    </>
  );
}
