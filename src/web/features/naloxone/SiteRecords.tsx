/**
 * The naloxone page's records of a site: kits given (with who received them,
 * the ZIP of a community event, the training and the trainer), reported
 * reversals and refill requests, newest first. Each list shows the latest few
 * and grows on request up to what the API gives at once. Also the reversal and
 * refill forms as the page opens them, with what they may link to: the site's
 * community distributions (participants' kits are linked from their own page)
 * and reversals that belong to no participant.
 */
import { useState, type ReactNode } from 'react';
import type { Distribution, Refill, Reversal } from '../../../core/naloxone.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n, type TFunction } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useAsync, type AsyncState } from '../../ui/useAsync.ts';
import type { FormProps } from './formKit.tsx';
import { naloxoneApi } from './naloxoneApi.ts';
import { RefillForm, ReversalForm, reversalFacts, whom } from './ReversalForms.tsx';

const FIRST = 20;
const MOST = 500;
/** How many a form offers to link to: the recent ones are those staff report on. */
const LINKABLE = 200;

interface Paged<T> {
  list: AsyncState<{ items: T[] }>;
  limit: number;
  more: () => void;
}

function usePagedList<T>(load: (limit: number, signal: AbortSignal) => Promise<{ items: T[] }>, deps: readonly unknown[]): Paged<T> {
  const [limit, setLimit] = useState(FIRST);
  const list = useAsync((signal) => load(limit, signal), [...deps, limit]);
  return { list, limit, more: () => setLimit((l) => Math.min(l * 5, MOST)) };
}

interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
  numeric?: boolean;
}

/** One list of the site's records as a table (caption, column headers, a row per record), paged. */
function Panel<T extends { id: string }>({ id, title, empty, paged, columns }: {
  id: string;
  title: string;
  empty: string;
  paged: Paged<T>;
  columns: Column<T>[];
}) {
  const { t } = useI18n();
  const { list, limit, more } = paged;
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby={id} className="panel">
      <h2 id={id}>{title}</h2>
      {list.status === 'loading' ? <Loading label={t('naloxone.loadingList')} /> : null}
      {list.status === 'error' ? (
        <Notice tone="error">
          <p>{describeError(list.error, t)}</p>
        </Notice>
      ) : null}
      {list.status === 'ok' && items.length === 0 ? <p className="muted">{empty}</p> : null}
      {items.length > 0 ? (
        <TableWrap label={title}>
          <table className="table naloxone-records">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.header} scope="col">
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  {columns.map((c) => (
                    <td key={c.header} className={c.numeric ? 'numeric' : undefined}>
                      {c.cell(item)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {list.status === 'ok' && items.length >= limit ? (
        limit < MOST ? (
          <div className="button-row">
            <button type="button" className="btn btn-secondary" onClick={more}>
              {t('naloxone.showMore')}
            </button>
          </div>
        ) : (
          <p className="muted small">{t('naloxone.latestOnly', { count: MOST })}</p>
        )
      ) : null}
    </section>
  );
}

/** Who received the kits, as a site's list can say it (a participant is not named here: their page is). */
function recipient(d: Distribution, t: TFunction): string {
  if (d.recipientType === 'participant') return t('naloxone.aParticipant');
  if (d.recipientType === 'support_person') return t('naloxone.aSupportPerson', { whom: whom(d, t) });
  return [t(`naloxone.community.${d.communityRecipient ?? 'other'}`), t('naloxone.people', { count: d.peopleCount ?? 1 }), d.eventName].filter(Boolean).join(' · ');
}

/** `refresh` changes after anything is recorded on the page, so the lists reload. */
export function SiteRecords({ siteId, refresh }: { siteId: string; refresh: number }) {
  const { t, locale } = useI18n();
  const distributions = usePagedList((limit, signal) => naloxoneApi.distributions({ siteId, limit }, signal), [siteId, refresh]);
  const reversals = usePagedList((limit, signal) => naloxoneApi.reversals({ siteId, limit }, signal), [siteId, refresh]);
  const refills = usePagedList((limit, signal) => naloxoneApi.refills({ siteId, limit }, signal), [siteId, refresh]);
  const given = distributions.list.data?.items ?? [];
  return (
    <>
      <Panel<Distribution>
        id="naloxone-given-title"
        title={t('naloxone.givenAtSite')}
        empty={t('naloxone.noneGiven')}
        paged={distributions}
        columns={[
          { header: t('naloxone.when'), cell: (d) => formatDate(d.distributedOn, locale) },
          { header: t('naloxone.givenTo'), cell: (d) => [recipient(d, t), d.location].filter(Boolean).join(' · ') },
          { header: t('naloxone.kits'), cell: (d) => d.kits, numeric: true },
          { header: t('naloxone.zip'), cell: (d) => d.zip ?? '' },
          { header: t('naloxone.training'), cell: (d) => (d.trainingGiven ? t('naloxone.trainedBy', { name: d.trainedBy?.name ?? '' }) : t('naloxone.noTraining')) },
        ]}
      />
      <Panel<Reversal>
        id="naloxone-reversals-title"
        title={t('naloxone.reversals')}
        empty={t('naloxone.noReversals')}
        paged={reversals}
        columns={[
          { header: t('naloxone.when'), cell: (r) => formatDate(r.occurredOn, locale) },
          { header: t('naloxone.administeredBy'), cell: (r) => t(`naloxone.administered.${r.administeredBy}`) },
          { header: t('naloxone.dosesUsed'), cell: (r) => r.dosesUsed, numeric: true },
          { header: t('naloxone.survivedShort'), cell: (r) => t(`naloxone.${r.survived}`) },
          { header: t('naloxone.details'), cell: (r) => [r.participantId ? t('naloxone.ofAParticipant') : null, reversalFacts(r, given, t, locale)].filter(Boolean).join(' · ') },
        ]}
      />
      <Panel<Refill>
        id="naloxone-refills-title"
        title={t('naloxone.refills')}
        empty={t('naloxone.noRefills')}
        paged={refills}
        columns={[
          { header: t('naloxone.when'), cell: (r) => formatDate(r.requestedOn, locale) },
          { header: t('naloxone.refillReason'), cell: (r) => t(`naloxone.refillReason.${r.reason}`) },
          {
            header: t('naloxone.details'),
            cell: (r) =>
              [r.participantId ? t('naloxone.ofAParticipant') : null, r.reversalId ? t('naloxone.afterReversal') : null, r.createdBy ? `${t('naloxone.by')} ${r.createdBy.name}` : null]
                .filter(Boolean)
                .join(' · '),
          },
        ]}
      />
    </>
  );
}

/** The reversal form of the naloxone page: the kit may be linked to one of the site's community distributions. */
export function SiteReversalForm(props: FormProps & { siteId: string }) {
  const options = useAsync((signal) => naloxoneApi.distributions({ siteId: props.siteId, limit: LINKABLE }, signal), [props.siteId]);
  const community = (options.data?.items ?? []).filter((d) => d.recipientType === 'community');
  return <ReversalForm {...props} distributions={community} />;
}

/** The refill form of the naloxone page: the kits may come from a community distribution, used in a reversal reported here (one of no participant). */
export function SiteRefillForm(props: FormProps & { siteId: string }) {
  const options = useAsync(async (signal) => {
    const where = { siteId: props.siteId, limit: LINKABLE };
    const [distributions, reversals] = await Promise.all([naloxoneApi.distributions(where, signal), naloxoneApi.reversals(where, signal)]);
    return { distributions: distributions.items.filter((d) => d.recipientType === 'community'), reversals: reversals.items.filter((r) => r.participantId === null) };
  }, [props.siteId]);
  return <RefillForm {...props} distributions={options.data?.distributions ?? []} reversals={options.data?.reversals ?? []} />;
}
