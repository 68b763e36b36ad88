/**
 * The participant page's "Naloxone": the kits given to the participant and to
 * the people around them, reported reversals and refill requests, and the forms
 * to record each.
 */
import type { Distribution } from '../../../core/naloxone.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { ActionSection, useSectionActions } from '../../ui/ActionSection.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import type { ParticipantSectionProps } from '../participants/sections.tsx';
import { useSites } from '../sites/useSites.ts';
import { DistributionForm } from './DistributionForm.tsx';
import { naloxoneApi } from './naloxoneApi.ts';
import { RefillForm, ReversalForm, reversalFacts, reversalLine, whom } from './ReversalForms.tsx';
import './naloxone.css';

type Action = 'distribute' | 'reversal' | 'refill';

export function NaloxoneSection({ participant }: ParticipantSectionProps) {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const sites = useSites();
  const data = useAsync(
    async (signal) => {
      const where = { participantId: participant.id };
      const [distributions, reversals, refills] = await Promise.all([
        naloxoneApi.distributions(where, signal),
        naloxoneApi.reversals(where, signal),
        naloxoneApi.refills(where, signal),
      ]);
      return { distributions: distributions.items, reversals: reversals.items, refills: refills.items };
    },
    [participant.id],
  );
  const { action, flash, headingRef, open, close, done, reload } = useSectionActions<Action>(data.reload);
  const writer = can('participants:write') && can('naloxone:distribute');
  const formProps = { onDone: done, onCancel: close, onReload: reload };
  const mySites = sites.data?.filter((s) => s.active) ?? [];
  // Kits come from the participant's own site when the user works there, else from one of the user's sites.
  const siteId = mySites.some((s) => s.id === participant.siteId) ? participant.siteId : (mySites[0]?.id ?? participant.siteId);
  const distributions = data.data?.distributions ?? [];

  return (
    <ActionSection headingId="naloxone-title" title={t('naloxone.section')} className="naloxone-section" headingRef={headingRef} flash={flash} list={data}>
      {data.status === 'ok' && distributions.length === 0 && data.data.reversals.length === 0 ? <p className="muted">{t('naloxone.sectionNone')}</p> : null}
      {writer && data.status === 'ok' && sites.status === 'ok' && action === null ? (
        <div className="button-row">
          <button type="button" className="btn btn-primary" onClick={() => open('distribute')}>
            {t('naloxone.distribute')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => open('reversal')}>
            {t('naloxone.reversal')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => open('refill')}>
            {t('naloxone.refill')}
          </button>
        </div>
      ) : null}
      {action === 'distribute' ? <DistributionForm {...formProps} sites={mySites} siteId={siteId} participantId={participant.id} /> : null}
      {action === 'reversal' ? <ReversalForm {...formProps} siteId={siteId} participantId={participant.id} distributions={distributions} /> : null}
      {action === 'refill' ? (
        <RefillForm {...formProps} siteId={siteId} participantId={participant.id} distributions={distributions} reversals={data.data?.reversals ?? []} />
      ) : null}

      {distributions.length > 0 ? (
        <ol className="card-list naloxone-given" aria-label={t('naloxone.section')}>
          {distributions.map((d) => (
            <DistributionCard key={d.id} d={d} />
          ))}
        </ol>
      ) : null}
      {data.status === 'ok' && data.data.reversals.length > 0 ? (
        <>
          <h3>{t('naloxone.reversals')}</h3>
          <ul className="naloxone-plain-list">
            {data.data.reversals.map((r) => (
              <li key={r.id}>
                {reversalLine(r, t, locale)}
                <br />
                <span className="muted small">{reversalFacts(r, distributions, t, locale)}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {data.status === 'ok' && data.data.refills.length > 0 ? (
        <>
          <h3>{t('naloxone.refills')}</h3>
          <ul className="naloxone-plain-list">
            {data.data.refills.map((r) => (
              <li key={r.id}>{t('naloxone.refillSummary', { date: formatDate(r.requestedOn, locale), reason: t(`naloxone.refillReason.${r.reason}`) })}</li>
            ))}
          </ul>
        </>
      ) : null}
    </ActionSection>
  );
}

function DistributionCard({ d }: { d: Distribution }) {
  const { t, locale } = useI18n();
  return (
    <li className="card naloxone-distribution">
      <p className="card-title">{t('naloxone.given', { kits: t('naloxone.totalKits', { count: d.kits }), product: t(`naloxone.product.${d.product}`) })}</p>
      <dl className="card-details">
        <div>
          <dt>{t('naloxone.givenTo')}</dt>
          <dd>{whom(d, t)}</dd>
        </div>
        <div>
          <dt>{t('naloxone.distributedOn')}</dt>
          <dd>{formatDate(d.distributedOn, locale)}</dd>
        </div>
        <div>
          <dt>{t('naloxone.site')}</dt>
          <dd>{d.location ? `${d.siteName} · ${d.location}` : d.siteName}</dd>
        </div>
      </dl>
      <p className="muted small">{d.trainingGiven ? t('naloxone.trainedBy', { name: d.trainedBy?.name ?? '' }) : t('naloxone.noTraining')}</p>
    </li>
  );
}
