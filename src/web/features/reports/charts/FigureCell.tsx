import { useI18n } from '../../../i18n/I18nProvider.tsx';
import { formatNumber, isSuppressed, type Figure, type NumberFormat } from './figures.ts';

/** One number in a table: formatted, "hidden" when suppressed, "—" (read as "no data") when missing. */
export function FigureCell({ value, format = 'count' }: { value: Figure | undefined; format?: NumberFormat }) {
  const { t, locale } = useI18n();
  if (isSuppressed(value)) return <span className="suppressed">{t('reports.suppressed')}</span>;
  if (value === null || value === undefined) {
    return (
      <>
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('reports.noData')}</span>
      </>
    );
  }
  if (typeof value === 'string') return <>{value}</>;
  return <>{formatNumber(value, format, locale)}</>;
}
