import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { BreakdownDimension, Dashboard, DashboardFigures, FollowUpsDue } from '../../../core/reports.ts';
import { DISCHARGE_REASONS } from '../../../core/enrollments.ts';
import { BREAKDOWN_DIMENSIONS } from '../../../core/reports.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDate } from '../../i18n/format.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { reportsApi } from './reportsApi.ts';
import { RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { BarChart, type BarSeries } from './charts/BarChart.tsx';
import { BreakdownTable } from './charts/BreakdownTable.tsx';
import { FigureCell } from './charts/FigureCell.tsx';
import { FunnelChart } from './charts/FunnelChart.tsx';
import { KaplanMeierChart, type KmGroup } from './charts/KaplanMeierChart.tsx';
import { NumbersTableView } from './charts/NumbersTable.tsx';
import type { Figure } from './charts/figures.ts';
import { enumLabel, field, groupLabel, rateFigure } from './labels.ts';

interface SectionProps {
  data: Dashboard;
  /** Names of the two periods for grouped bars ("This period", "Comparison"), when comparing. */
  seriesNames: { current: string; previous: string | null };
}

function Section({ id, title, intro, children }: { id: string; title: string; intro?: string; children: React.ReactNode }) {
  return (
    <section className="report-section" aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro ? <p className="muted">{intro}</p> : null}
      {children}
    </section>
  );
}

/** A small list of figures: name and number. */
function Stats({ items, label }: { items: { label: string; value: Figure; format?: 'count' | 'share' | 'days' | 'decimal' }[]; label: string }) {
  return (
    <dl className="stats" aria-label={label}>
      {items.map((i) => (
        <div key={i.label} className="stat">
          <dt>{i.label}</dt>
          <dd>
            <FigureCell value={i.value} format={i.format ?? 'count'} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

function withComparison(current: readonly Figure[], previous: readonly Figure[] | null, names: SectionProps['seriesNames']): BarSeries[] {
  const series: BarSeries[] = [{ label: names.current, values: current }];
  if (previous && names.previous) series.push({ label: names.previous, values: previous });
  return series;
}

export function EnrollmentSection({ data, seriesNames }: SectionProps) {
  const tr = useI18n();
  const { t } = tr;
  const e = data.current.enrollment;
  const pe = data.comparison?.figures.enrollment;
  // A reason missing from a period's list is a reason no one was discharged for then.
  const reasons = DISCHARGE_REASONS.filter((r) => [...e.dischargedByReason, ...(pe?.dischargedByReason ?? [])].some((x) => x.reason === r));
  const reasonFig = (fig: DashboardFigures['enrollment'] | undefined, reason: string): Figure => {
    const row = fig?.dischargedByReason.find((r) => r.reason === reason);
    return row ? field(row, 'people') : 0;
  };
  return (
    <Section id="enrollment" title={t('reports.section.enrollment')}>
      <Stats
        label={t('reports.section.enrollment')}
        items={[
          { label: t('reports.enrollment.enrolled'), value: field(e, 'enrolled') },
          { label: t('reports.enrollment.active'), value: field(e, 'active') },
          { label: t('reports.enrollment.discharged'), value: field(e, 'discharged') },
          { label: t('reports.enrollment.activeAtEnd'), value: field(e, 'activeAtEnd') },
        ]}
      />
      {reasons.length > 0 ? (
        <BarChart
          title={t('reports.enrollment.byReason')}
          categoryHeader={t('reports.enrollment.reason')}
          categories={reasons.map((r) => enumLabel(tr, 'enrollments.reason.', r))}
          series={withComparison(
            reasons.map((r) => reasonFig(e, r)),
            pe ? reasons.map((r) => reasonFig(pe, r)) : null,
            seriesNames,
          )}
          testId="discharge-chart"
        />
      ) : (
        <p className="muted">{t('reports.enrollment.noDischarges')}</p>
      )}
    </Section>
  );
}

export function ContactsSection({ data }: SectionProps) {
  const { t, locale } = useI18n();
  const c = data.current.contacts;
  const months = c.byMonth;
  const monthName = (m: string) => new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`));
  return (
    <Section id="contacts" title={t('reports.section.contacts')}>
      <Stats
        label={t('reports.section.contacts')}
        items={[
          { label: t('reports.contacts.perParticipantPerMonth'), value: c.perParticipantPerMonth, format: 'decimal' },
          { label: t('reports.contacts.contacts'), value: field(c, 'contacts') },
          { label: t('reports.contacts.peopleReached'), value: field(c, 'peopleReached') },
          { label: t('reports.contacts.attempts'), value: field(c, 'attempts') },
        ]}
      />
      {months.length > 0 ? (
        <BarChart
          title={t('reports.contacts.byMonth')}
          categoryHeader={t('reports.contacts.month')}
          categories={months.map((m) => monthName(m.month))}
          series={[{ label: t('reports.contacts.perParticipant'), values: months.map((m) => (m.suppressed.length > 0 && m.perParticipant === null ? { suppressed: true } : m.perParticipant)) }]}
          format="decimal"
          testId="contacts-chart"
        />
      ) : null}
    </Section>
  );
}

export function ReferralsSection({ data }: SectionProps) {
  const tr = useI18n();
  const { t } = tr;
  const r = data.current.referrals;
  const stageLabel = (s: string) => t(`reports.funnel.stage.${s}` as 'reports.funnel.stage.sent');
  const stageColumns = r.overall.stages.map((s) => stageLabel(s.stage));
  const rowsOf = (items: { label: string; stages: typeof r.overall.stages }[]) =>
    items.map((i) => ({ label: i.label, cells: i.stages.map((s) => field(s, 'referrals')) }));
  return (
    <Section id="referrals" title={t('reports.section.referrals')} intro={t('reports.referrals.intro')}>
      <FunnelChart
        title={t('reports.referrals.funnel')}
        stageHeader={t('reports.funnel.stage')}
        stages={r.overall.stages.map((s) => ({ label: stageLabel(s.stage), count: field(s, 'referrals') }))}
      />
      {r.byCategory.length > 0 ? (
        <NumbersTableView
          caption={t('reports.referrals.byCategory')}
          rowHeader={t('reports.referrals.category')}
          columns={stageColumns}
          rows={rowsOf(r.byCategory.map((c) => ({ label: enumLabel(tr, 'resources.category.', c.category), stages: c.stages })))}
          testId="funnel-by-category"
        />
      ) : null}
      {r.byProvider.length > 0 ? (
        <NumbersTableView
          caption={t('reports.referrals.byProvider')}
          rowHeader={t('reports.referrals.provider')}
          columns={stageColumns}
          rows={rowsOf(r.byProvider.map((p) => ({ label: p.name, stages: p.stages })))}
          testId="funnel-by-provider"
        />
      ) : null}
    </Section>
  );
}

export function LinkageSection({ data, seriesNames }: SectionProps) {
  const { t } = useI18n();
  const l = data.current.linkage;
  const pl = data.comparison?.figures.linkage;
  const days = l.within.map((w) => w.days);
  return (
    <Section id="linkage" title={t('reports.section.linkage')} intro={t('reports.linkage.intro')}>
      <Stats
        label={t('reports.section.linkage')}
        items={[
          { label: t('reports.linkage.cohort'), value: field(l, 'cohort') },
          { label: t('reports.linkage.medianDays'), value: l.medianDays, format: 'days' },
          { label: t('reports.linkage.linkedEver'), value: field(l, 'linkedEver') },
        ]}
      />
      <BarChart
        title={t('reports.linkage.within')}
        categoryHeader={t('reports.linkage.window')}
        categories={days.map((d) => t('reports.linkage.withinDays', { days: d }))}
        series={withComparison(
          l.within.map((w) => rateFigure(w.linked)),
          pl ? days.map((d) => rateFigure(pl.within.find((w) => w.days === d)?.linked)) : null,
          seriesNames,
        )}
        format="share"
        testId="linkage-chart"
      />
    </Section>
  );
}

type KmDimension = 'overall' | 'site' | 'medication' | 'study_arm';

export function RetentionSection({ data }: SectionProps) {
  const tr = useI18n();
  const { t } = tr;
  const r = data.current.retention;
  const [dimension, setDimension] = useState<KmDimension>('overall');
  const available = (['overall', 'site', 'medication', 'study_arm'] as const).filter((d) => r.curves.some((c) => c.dimension === d));
  const curves = r.curves.filter((c) => c.dimension === dimension);
  const hidden = curves.filter((c) => c.points.length === 0);
  const groups: KmGroup[] = curves
    .filter((c) => c.points.length > 0)
    .map((c) => ({
      label: c.dimension === 'medication' ? enumLabel(tr, 'moud.med.', c.value) : c.dimension === 'overall' ? t('reports.retention.everyone') : c.label,
      points: c.points.map((p) => ({ day: p.day, survival: p.survival, lower: p.lower, upper: p.upper })),
      atRisk: [0, 30, 60, 90, 120, 150, 180].map((day) => {
        // People at risk at the start of `day`: those at the first step on or after it, or after the last step the last count less its events.
        const p = c.points.find((x) => x.day >= day);
        if (p) return { day, n: field(p, 'atRisk') };
        const last = c.points[c.points.length - 1];
        if (!last || last.suppressed.length > 0) return { day, n: last ? ({ suppressed: true } as const) : null };
        return { day, n: (last.atRisk ?? 0) - (last.events ?? 0) - (last.censored ?? 0) };
      }),
    }));
  return (
    <Section id="retention" title={t('reports.section.retention')} intro={t('reports.retention.intro')}>
      <NumbersTableView
        caption={t('reports.retention.marks')}
        rowHeader={t('reports.retention.mark')}
        columns={[t('reports.retention.retained'), t('reports.retention.notRetained'), t('reports.retention.notYet'), t('reports.retention.rate')]}
        rows={r.marks.map((m) => ({
          label: t('reports.retention.atDays', { days: m.days }),
          cells: [field(m, 'retained'), field(m, 'notRetained'), field(m, 'notYet'), rateFigure(m.rate)],
        }))}
        format={['count', 'count', 'count', 'share']}
        testId="retention-marks"
      />
      {available.length > 1 ? (
        <RadioGroup
          name="km-dimension"
          legend={t('reports.retention.curvesBy')}
          inline
          options={available.map((d) => ({ value: d, label: t(`reports.retention.by.${d}`) }))}
          value={dimension}
          onChange={(v) => setDimension(v as KmDimension)}
        />
      ) : null}
      {groups.length > 0 ? (
        <KaplanMeierChart title={t('reports.retention.curveTitle', { by: t(`reports.retention.by.${dimension}`) })} groups={groups} />
      ) : (
        <p className="muted">{t('reports.retention.noCurve')}</p>
      )}
      {curves.some((c) => c.coarse && c.points.length > 0) ? <p className="muted small">{t('reports.retention.coarse')}</p> : null}
      {hidden.length > 0 ? <p className="muted small">{t('reports.retention.hiddenCurves', { names: hidden.map((c) => c.label).join(', ') })}</p> : null}
    </Section>
  );
}

export function NaloxoneSection({ data, seriesNames }: SectionProps) {
  const tr = useI18n();
  const { t, locale } = tr;
  const n = data.current.naloxone;
  const pn = data.comparison?.figures.naloxone;
  const types = n.kitsByRecipientType.map((k) => k.recipientType);
  return (
    <Section id="naloxone" title={t('reports.section.naloxone')}>
      <Stats
        label={t('reports.section.naloxone')}
        items={[
          { label: t('reports.naloxone.kits'), value: n.kits },
          { label: t('reports.naloxone.trained'), value: field(n, 'peopleTrained') },
          { label: t('reports.naloxone.reversals'), value: field(n, 'reversalsReported') },
          { label: t('reports.naloxone.survived'), value: field(n, 'reversalsSurvived') },
        ]}
      />
      {types.length > 0 ? (
        <BarChart
          title={t('reports.naloxone.byRecipient')}
          categoryHeader={t('reports.naloxone.recipient')}
          categories={types.map((r) => enumLabel(tr, 'naloxone.recipient.', r))}
          series={withComparison(
            n.kitsByRecipientType.map((k) => k.kits),
            pn ? types.map((ty) => pn.kitsByRecipientType.find((k) => k.recipientType === ty)?.kits ?? 0) : null,
            seriesNames,
          )}
          testId="kits-chart"
        />
      ) : null}
      <h3>{t('reports.naloxone.expiring')}</h3>
      {n.expiringStock.length === 0 ? (
        <p className="muted">{t('reports.naloxone.noExpiring')}</p>
      ) : (
        <TableWrap label={t('reports.naloxone.expiring')}>
          <table className="table report-table">
            <caption className="visually-hidden">{t('reports.naloxone.expiring')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.site')}</th>
                <th scope="col" className="num">
                  {t('reports.naloxone.lots')}
                </th>
                <th scope="col" className="num">
                  {t('reports.naloxone.kitsColumn')}
                </th>
                <th scope="col">{t('reports.naloxone.earliest')}</th>
              </tr>
            </thead>
            <tbody>
              {n.expiringStock.map((s) => (
                <tr key={s.siteId}>
                  <th scope="row">{s.siteName}</th>
                  <td className="num">{s.lots}</td>
                  <td className="num">{s.kits}</td>
                  <td>{formatDate(s.earliestExpiresOn, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </Section>
  );
}

export function CriticalEventsSection({ data }: SectionProps) {
  const tr = useI18n();
  const { t } = tr;
  const ce = data.current.criticalEvents;
  return (
    <Section id="events" title={t('reports.section.events')}>
      <Stats
        label={t('reports.section.events')}
        items={[
          { label: t('reports.events.overdoses'), value: field(ce, 'overdoses') },
          { label: t('reports.events.fatal'), value: field(ce, 'fatalOverdoses') },
          { label: t('reports.events.within30'), value: field(ce, 'overdosesWithin30DaysOfRelease') },
        ]}
      />
      <NumbersTableView
        caption={t('reports.events.byKind')}
        rowHeader={t('reports.events.kind')}
        columns={[t('reports.events.events'), t('reports.events.people'), t('reports.events.eventsWithin30')]}
        rows={ce.byKind.map((k) => ({ label: enumLabel(tr, 'events.kind.', k.kind), cells: [field(k, 'events'), field(k, 'people'), field(k, 'eventsWithin30DaysOfRelease')] }))}
        testId="events-by-kind"
      />
    </Section>
  );
}

export function FollowUpSection({ data }: SectionProps) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const f = data.current.followUp;
  const rate = rateFigure(f.rate);
  const pct = typeof rate === 'number' ? Math.round(rate * 100) : null;
  const target = Math.round(f.target * 100);
  return (
    <Section id="follow-up" title={t('reports.section.followUp')} intro={t('reports.followUp.intro', { target })}>
      <div className="target-meter" data-testid="follow-up-meter">
        <p className="target-meter-text">
          {pct === null ? (
            <FigureCell value={rate} format="share" />
          ) : (
            t('reports.followUp.rateSentence', {
              rate: new Intl.NumberFormat(locale, { style: 'percent' }).format(pct / 100),
              done: typeof f.rate.numerator === 'number' ? f.rate.numerator : '—',
              due: typeof f.rate.denominator === 'number' ? f.rate.denominator : '—',
            })
          )}{' '}
          <strong>{f.meetsTarget === null ? '' : f.meetsTarget ? t('reports.followUp.meets', { target }) : t('reports.followUp.below', { target })}</strong>
        </p>
        <div className="target-meter-bar" aria-hidden="true">
          <span className="target-meter-fill" style={{ width: `${String(Math.min(100, pct ?? 0))}%` }} />
          <span className="target-meter-target" style={{ left: `${String(target)}%` }} />
        </div>
      </div>
      <Stats
        label={t('reports.followUp.due')}
        items={[
          { label: t('reports.followUp.dueNow'), value: field(f, 'dueNow') },
          { label: t('reports.followUp.closingSoon'), value: field(f, 'closingSoon') },
        ]}
      />
      {f.dueBySite.length > 0 ? (
        <NumbersTableView
          caption={t('reports.followUp.dueBySite')}
          rowHeader={t('reports.site')}
          columns={[t('reports.followUp.dueNow'), t('reports.followUp.closingSoon')]}
          rows={f.dueBySite.map((s) => ({ label: s.siteName, cells: [field(s, 'dueNow'), field(s, 'closingSoon')] }))}
          testId="due-by-site"
        />
      ) : null}
      {can('participants:read') ? <DueList siteIds={data.sites.map((s) => s.id)} /> : null}
    </Section>
  );
}

/** Who is due now, named, for those who may open their records (never evaluators): window closing first. */
function DueList({ siteIds }: { siteIds: string[] }) {
  const { t, locale } = useI18n();
  const [due, setDue] = useState<FollowUpsDue | 'failed' | null>(null);
  const key = siteIds.join(',');
  useEffect(() => {
    const abort = new AbortController();
    reportsApi.followUpsDue(key ? key.split(',') : [], abort.signal).then(setDue, () => {
      if (!abort.signal.aborted) setDue('failed');
    });
    return () => abort.abort();
  }, [key]);
  if (due === null) return null;
  if (due === 'failed') return <p className="muted small">{t('reports.followUp.listFailed')}</p>;
  if (due.items.length === 0) return null;
  return (
    <TableWrap label={t('reports.followUp.whoIsDue')}>
      <table className="table report-table" data-testid="due-list">
        <caption>{t('reports.followUp.whoIsDue')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('reports.followUp.person')}</th>
            <th scope="col">{t('reports.site')}</th>
            <th scope="col">{t('reports.followUp.windowCloses')}</th>
          </tr>
        </thead>
        <tbody>
          {due.items.map((i) => (
            <tr key={i.enrollmentId}>
              <th scope="row">
                <Link to={`/participants/${i.participantId}`}>{i.name}</Link>
              </th>
              <td>{i.siteName}</td>
              <td>{t('reports.followUp.closesIn', { date: formatDate(i.closesOn, locale), days: i.daysLeft })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

const SHOWN_DIMENSIONS: readonly BreakdownDimension[] = BREAKDOWN_DIMENSIONS.filter((d) => d !== 'study_arm');

export function BreakdownSection({ data }: SectionProps) {
  const tr = useI18n();
  const { t } = tr;
  const rows = data.current.breakdowns;
  const dims = SHOWN_DIMENSIONS.filter((d) => rows.some((r) => r.dimension === d)).concat(rows.some((r) => r.dimension === 'study_arm') ? ['study_arm'] : []);
  const [dimension, setDimension] = useState<BreakdownDimension>(dims.includes('race') ? 'race' : (dims[0] ?? 'race'));
  const shown = rows.filter((r) => r.dimension === dimension);
  return (
    <Section id="breakdowns" title={t('reports.section.breakdowns')} intro={t('reports.breakdowns.intro')}>
      {dims.length > 0 ? (
        <RadioGroup
          name="breakdown-dimension"
          legend={t('reports.breakdowns.by')}
          inline
          options={dims.map((d) => ({ value: d, label: t(`reports.dimension.${d}`) }))}
          value={dimension}
          onChange={(v) => setDimension(v as BreakdownDimension)}
        />
      ) : null}
      {shown.length === 0 ? (
        <p className="muted">{t('reports.breakdowns.none')}</p>
      ) : (
        <BreakdownTable
          caption={t('reports.breakdowns.caption', { by: t(`reports.dimension.${dimension}`) })}
          groupHeader={t(`reports.dimension.${dimension}`)}
          testId="breakdown-table"
          columns={[
            { header: t('reports.breakdowns.enrolled'), format: 'count' },
            { header: t('reports.breakdowns.active'), format: 'count' },
            { header: t('reports.breakdowns.discharged'), format: 'count' },
            { header: t('reports.breakdowns.contactsPerMonth'), format: 'decimal' },
            { header: t('reports.breakdowns.referralsSent'), format: 'count' },
            { header: t('reports.breakdowns.referralsEngaged'), format: 'count' },
            { header: t('reports.breakdowns.linked7'), format: 'share', bar: true },
            { header: t('reports.breakdowns.linked14'), format: 'share', bar: true },
            { header: t('reports.breakdowns.linked30'), format: 'share', bar: true },
            { header: t('reports.breakdowns.retained90'), format: 'share', bar: true },
            { header: t('reports.breakdowns.overdoses'), format: 'count' },
            { header: t('reports.breakdowns.fatalOverdoses'), format: 'count' },
            { header: t('reports.breakdowns.followUp'), format: 'share', bar: true },
          ]}
          rows={shown.map((r) => ({
            label: groupLabel(tr, r.dimension, r.value, r.label),
            cells: [
              field(r, 'enrolled'),
              field(r, 'active'),
              field(r, 'discharged'),
              r.contactsPerParticipantPerMonth,
              field(r, 'referralsSent'),
              field(r, 'referralsEngaged'),
              rateFigure(r.linkedWithin7),
              rateFigure(r.linkedWithin14),
              rateFigure(r.linkedWithin30),
              rateFigure(r.retainedAt90),
              field(r, 'overdoses'),
              field(r, 'fatalOverdoses'),
              rateFigure(r.followUp),
            ],
          }))}
        />
      )}
    </Section>
  );
}
