import type { AssessmentSummary } from '../../../core/assessments.ts';
import { formatDay } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { BARC10_FLAG, BARC10_THRESHOLD } from './assessmentsApi.ts';

const W = 320;
const H = 160;
const PAD = { left: 30, right: 12, top: 10, bottom: 24 };
const MIN = 10;
const MAX = 60;

/**
 * The BARC-10 totals over time: a small chart (inline SVG, the 47 line dashed)
 * for those who see it, and the same totals in a table for everyone.
 */
export function BarcTrend({ completed }: { completed: AssessmentSummary[] }) {
  const { t, locale } = useI18n();
  const points = [...completed]
    .filter((a) => a.score !== null && a.completedAt)
    .sort((a, b) => (a.completedAt ?? '').localeCompare(b.completedAt ?? ''));
  if (points.length === 0) return <p className="muted">{t('assessments.trendNone')}</p>;

  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const y = (score: number) => PAD.top + innerH - ((score - MIN) / (MAX - MIN)) * innerH;
  const x = (i: number) => PAD.left + (points.length === 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.score ?? MIN).toFixed(1)}`).join(' ');

  return (
    <div className="barc-trend">
      <p className="muted small">{t('assessments.trendIntro')}</p>
      <svg viewBox={`0 0 ${String(W)} ${String(H)}`} className="barc-chart" role="img" aria-label={t('assessments.trendChartLabel')}>
        {[10, 20, 30, 40, 50, 60].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="barc-grid" />
            <text x={PAD.left - 6} y={y(v) + 4} className="barc-axis" textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(BARC10_THRESHOLD)} y2={y(BARC10_THRESHOLD)} className="barc-threshold" />
        <text x={W - PAD.right} y={y(BARC10_THRESHOLD) - 4} className="barc-axis" textAnchor="end">
          {t('assessments.line47')}
        </text>
        <path d={path} className="barc-line" />
        {points.map((p, i) => {
          const flagged = p.flags.includes(BARC10_FLAG);
          return flagged ? (
            <rect key={p.id} x={x(i) - 5} y={y(p.score ?? MIN) - 5} width={10} height={10} className="barc-point barc-point--flag" />
          ) : (
            <circle key={p.id} cx={x(i)} cy={y(p.score ?? MIN)} r={4.5} className="barc-point" />
          );
        })}
        {points.length > 1 ? (
          <>
            <text x={PAD.left} y={H - 6} className="barc-axis">
              {formatDay(points[0]?.completedAt, locale)}
            </text>
            <text x={W - PAD.right} y={H - 6} className="barc-axis" textAnchor="end">
              {formatDay(points.at(-1)?.completedAt, locale)}
            </text>
          </>
        ) : null}
      </svg>
      <TableWrap label={t('assessments.trendTableCaption')}>
        <table className="table">
          <caption>{t('assessments.trendTableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('assessments.trendDate')}</th>
              <th scope="col">{t('assessments.trendTotal')}</th>
              <th scope="col">{t('assessments.trendNote')}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.id}>
                <td>{formatDay(p.completedAt, locale)}</td>
                <td>{p.score}</td>
                <td>{p.flags.includes(BARC10_FLAG) ? t('assessments.flag47') : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </div>
  );
}
