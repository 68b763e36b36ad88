import { useId, useState, type ReactNode } from 'react';
import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { TableWrap } from '../../../ui/TableWrap.tsx';
import { FigureCell } from './FigureCell.tsx';
import { isSuppressed, type Figure, type NumberFormat } from './figures.ts';

export interface NumbersRow {
  label: string;
  cells: readonly Figure[];
}

export interface NumbersTableProps {
  caption: string;
  /** Heading of the first column (what the rows are). */
  rowHeader: string;
  columns: readonly string[];
  rows: readonly NumbersRow[];
  /** One format for every column, or one per column. */
  format?: NumberFormat | readonly NumberFormat[];
  testId?: string;
  /** Out of sight (behind "Show the numbers"): no sideways-scrolling region to tab into. */
  offscreen?: boolean;
}

function Wrap({ label, offscreen, children }: { label: string; offscreen: boolean; children: ReactNode }) {
  return offscreen ? <div>{children}</div> : <TableWrap label={label}>{children}</TableWrap>;
}

/** A chart's numbers as a real table (caption, header cells with scope). */
export function NumbersTableView({ caption, rowHeader, columns, rows, format = 'count', testId, offscreen = false }: NumbersTableProps) {
  const anySuppressed = rows.some((r) => r.cells.some(isSuppressed));
  const { t } = useI18n();
  return (
    <>
      {/* The caption names the table; this copy of it stays put while a wide table scrolls sideways. */}
      <p className="table-title" aria-hidden="true">
        {caption}
      </p>
      <Wrap label={caption} offscreen={offscreen}>
        <table className="table report-table" data-testid={testId}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              {columns.map((c) => (
                <th scope="col" key={c} className="num">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                {r.cells.map((v, i) => (
                  <td key={columns[i] ?? i} className="num">
                    <FigureCell value={v} format={typeof format === 'string' ? format : (format[i] ?? 'count')} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Wrap>
      {anySuppressed ? <p className="muted small">{t('reports.suppressedNote')}</p> : null}
    </>
  );
}

/**
 * "Show the numbers": the table of a chart, behind a button for sighted readers.
 * While hidden it stays in the page for screen readers (visually hidden, not
 * removed) and it always prints.
 */
export function NumbersTable(props: NumbersTableProps & { children?: ReactNode }) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  const id = useId();
  return (
    <div className="numbers">
      <button type="button" className="btn btn-secondary btn-small numbers-toggle" aria-expanded={shown} aria-controls={id} onClick={() => setShown((s) => !s)}>
        {shown ? t('reports.hideNumbers') : t('reports.showNumbers')}
      </button>
      <div id={id} className={shown ? 'numbers-body' : 'numbers-body numbers-body--hidden'}>
        <NumbersTableView {...props} offscreen={!shown} />
        {props.children}
      </div>
    </div>
  );
}
