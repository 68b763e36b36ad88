import type { Dashboard, HeadlineMeasure } from '../../../core/reports.ts';
import { FOLLOW_UP_TARGET } from '../../../core/reports.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import type { MessageKey } from '../../i18n/catalogues.ts';
import { FigureCell } from './charts/FigureCell.tsx';
import type { Figure, NumberFormat } from './charts/figures.ts';
import { describeChange, type ChangeKind } from './changes.ts';
import { field, rateFigure } from './labels.ts';

interface Tile {
  id: string;
  label: MessageKey;
  value: Figure;
  format: NumberFormat;
  measure: HeadlineMeasure;
  kind: ChangeKind;
  note?: string;
}

/** The headline tiles: each figure with its change against the comparison period in words. */
export function Headline({ data, than }: { data: Dashboard; than: string | null }) {
  const { t, locale } = useI18n();
  const c = data.current;
  const within30 = c.linkage.within.find((w) => w.days === 30)?.linked;
  const at90 = c.retention.marks.find((m) => m.days === 90);
  const tiles: Tile[] = [
    { id: 'served', label: 'reports.tile.served', value: field(c.enrollment, 'active'), format: 'count', measure: 'active', kind: 'count' },
    { id: 'linked', label: 'reports.tile.linked30', value: rateFigure(within30), format: 'share', measure: 'linked_within_30_rate', kind: 'rate' },
    { id: 'median', label: 'reports.tile.medianDays', value: c.linkage.medianDays, format: 'days', measure: 'linkage_median_days', kind: 'days' },
    { id: 'retained', label: 'reports.tile.retained90', value: rateFigure(at90?.rate), format: 'share', measure: 'retained_at_90_rate', kind: 'rate' },
    { id: 'kits', label: 'reports.tile.kits', value: c.naloxone.kits, format: 'count', measure: 'naloxone_kits', kind: 'count' },
    { id: 'overdoses', label: 'reports.tile.overdoses', value: field(c.criticalEvents, 'overdoses'), format: 'count', measure: 'overdoses', kind: 'count' },
    {
      id: 'followup',
      label: 'reports.tile.followUp',
      value: rateFigure(c.followUp.rate),
      format: 'share',
      measure: 'follow_up_rate',
      kind: 'rate',
      note:
        c.followUp.meetsTarget === null
          ? t('reports.followUp.targetOnly', { target: Math.round(FOLLOW_UP_TARGET * 100) })
          : c.followUp.meetsTarget
            ? t('reports.followUp.meets', { target: Math.round(c.followUp.target * 100) })
            : t('reports.followUp.below', { target: Math.round(c.followUp.target * 100) }),
    },
  ];
  return (
    <ul className="tiles" aria-label={t('reports.headline')}>
      {tiles.map((tile) => {
        const change = than ? describeChange(t, data.comparison?.changes.find((r) => r.measure === tile.measure), tile.kind, than, locale) : null;
        return (
          <li key={tile.id} className="tile" data-testid={`tile-${tile.id}`}>
            <span className="tile-label">{t(tile.label)}</span>
            <span className="tile-value">
              <FigureCell value={tile.value} format={tile.format} />
              {tile.kind === 'days' && typeof tile.value === 'number' ? <span className="tile-unit"> {t('reports.days', { count: tile.value })}</span> : null}
            </span>
            {tile.note ? <span className="tile-note">{tile.note}</span> : null}
            {change ? <span className="tile-change">{change}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}
