/**
 * A site's naloxone: kits on hand by product and lot with expiry alerts, the
 * movement history, and the forms — receive, transfer, count and adjust, expired
 * or lost (site managers), kits at a community event, a reversal or refill
 * reported by someone who is not a participant. For those who may read
 * participants' records, also the kits given, reversals and refills at the site
 * (SiteRecords). The site lives in the address.
 */
import { useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Movement, Stock } from '../../../core/naloxone.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { SelectField } from '../../ui/Field.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { useSites } from '../sites/useSites.ts';
import { DistributionForm } from './DistributionForm.tsx';
import { naloxoneApi } from './naloxoneApi.ts';
import { SiteRecords, SiteRefillForm, SiteReversalForm } from './SiteRecords.tsx';
import { AdjustForm, ReceiveForm, RemoveForm, TransferForm } from './StockForms.tsx';
import './naloxone.css';

type Action = 'receive' | 'transfer' | 'adjust' | 'remove' | 'community' | 'reversal' | 'refill';

export function NaloxonePage() {
  const { t } = useI18n();
  const sites = useSites();
  const [params, setParams] = useSearchParams();
  const active = sites.data?.filter((s) => s.active) ?? [];
  const siteId = params.get('site') ?? active[0]?.id ?? '';

  return (
    <Page title={t('naloxone.title')}>
      <p className="muted">{t('naloxone.intro')}</p>
      {sites.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {sites.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(sites.error, t)}</p>
        </Notice>
      ) : null}
      {sites.status === 'ok' && active.length === 0 ? <p>{t('naloxone.noSites')}</p> : null}
      {active.length > 1 ? (
        <div className="filters">
          <SelectField name="site" label={t('naloxone.site')} value={siteId} options={active.map((s) => ({ value: s.id, label: s.name }))}
            onChange={(v) => setParams({ site: v }, { replace: true })} />
        </div>
      ) : null}
      {siteId ? <SiteNaloxone key={siteId} siteId={siteId} /> : null}
    </Page>
  );
}

function SiteNaloxone({ siteId }: { siteId: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const announce = useAnnounce();
  const sites = useSites();
  const data = useAsync(async (signal) => {
    const [stock, movements] = await Promise.all([naloxoneApi.stock(siteId, signal), naloxoneApi.movements(siteId, signal)]);
    return { stock, movements: movements.items };
  }, [siteId]);
  const [action, setAction] = useState<Action | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const actionsRef = useRef<HTMLHeadingElement>(null);
  const close = () => {
    setAction(null);
    actionsRef.current?.focus();
  };
  const done = (message: string) => {
    setFlash(message);
    announce(message);
    data.reload();
    setRefresh((n) => n + 1);
    close();
  };
  const open = (a: Action) => {
    setFlash(null);
    setAction(a);
  };
  const formProps = { onDone: done, onCancel: close, onReload: () => { data.reload(); close(); } };
  const manager = can('naloxone:manage');
  const distributor = can('naloxone:distribute');
  const lots = data.data?.stock.lots ?? [];
  const allSites = sites.data ?? [];

  if (data.status === 'loading') return <Loading label={t('naloxone.loading')} />;
  if (data.status === 'error') {
    return (
      <Notice tone="error" live="assertive">
        <p>{describeError(data.error, t)}</p>
      </Notice>
    );
  }
  const { stock, movements } = data.data;
  return (
    <>
      {flash ? (
        <Notice tone="success">
          <p>{flash}</p>
        </Notice>
      ) : null}
      <Alerts stock={stock} />
      <StockTable stock={stock} />
      {manager || distributor ? (
        <section aria-labelledby="naloxone-actions-title" className="panel naloxone-actions">
          <h2 id="naloxone-actions-title" ref={actionsRef} tabIndex={-1}>
            {t('naloxone.actions')}
          </h2>
          {action === null ? (
            <div className="button-row">
              {manager ? (
                <>
                  <button type="button" className="btn btn-primary" onClick={() => open('receive')}>{t('naloxone.receive')}</button>
                  <button type="button" className="btn btn-secondary" onClick={() => open('transfer')}>{t('naloxone.transfer')}</button>
                  <button type="button" className="btn btn-secondary" onClick={() => open('adjust')}>{t('naloxone.adjust')}</button>
                  <button type="button" className="btn btn-secondary" onClick={() => open('remove')}>{t('naloxone.remove')}</button>
                </>
              ) : null}
              {distributor ? (
                <>
                  <button type="button" className="btn btn-secondary" onClick={() => open('community')}>{t('naloxone.distributeCommunity')}</button>
                  {can('participants:read') ? (
                    <button type="button" className="btn btn-secondary" onClick={() => open('reversal')}>{t('naloxone.reversal')}</button>
                  ) : null}
                  <button type="button" className="btn btn-secondary" onClick={() => open('refill')}>{t('naloxone.refill')}</button>
                </>
              ) : null}
            </div>
          ) : null}
          {action === 'receive' ? <ReceiveForm {...formProps} siteId={siteId} lots={lots} /> : null}
          {action === 'transfer' ? <TransferForm {...formProps} siteId={siteId} lots={lots} sites={allSites} /> : null}
          {action === 'adjust' ? <AdjustForm {...formProps} siteId={siteId} lots={lots} /> : null}
          {action === 'remove' ? <RemoveForm {...formProps} siteId={siteId} lots={lots} /> : null}
          {action === 'community' ? <DistributionForm {...formProps} sites={allSites.filter((s) => s.id === siteId)} siteId={siteId} /> : null}
          {action === 'reversal' ? <SiteReversalForm {...formProps} siteId={siteId} /> : null}
          {action === 'refill' ? <SiteRefillForm {...formProps} siteId={siteId} /> : null}
        </section>
      ) : null}
      {can('participants:read') ? <SiteRecords siteId={siteId} refresh={refresh} /> : null}
      <History movements={movements} />
    </>
  );
}

function Alerts({ stock }: { stock: Stock }) {
  const { t, locale } = useI18n();
  if (stock.alerts.length === 0) return null;
  return (
    <section aria-labelledby="naloxone-alerts-title" className="notice notice--warning naloxone-alerts">
      <h2 id="naloxone-alerts-title">{t('naloxone.alerts')}</h2>
      <ul>
        {stock.alerts.map((a) => (
          <li key={a.lotId}>
            {t(a.expiry === 'expired' ? 'naloxone.alert.expired' : 'naloxone.alert.expiring', {
              lot: a.lotNumber,
              product: t(`naloxone.product.${a.product}`),
              count: a.onHand,
              date: formatDate(a.expiresOn, locale),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}

const EXPIRY_TONE = { ok: 'badge badge--ok', expiring: 'badge badge--warn', expired: 'badge badge--warn' } as const;

function StockTable({ stock }: { stock: Stock }) {
  const { t, locale } = useI18n();
  const shown = stock.lots.filter((l) => l.onHand !== 0);
  const empty = stock.lots.length - shown.length;
  return (
    <section aria-labelledby="naloxone-stock-title" className="panel">
      <h2 id="naloxone-stock-title">{t('naloxone.stockAt', { site: stock.site.name })}</h2>
      {stock.totals.length > 0 ? (
        <ul className="naloxone-totals" aria-label={t('naloxone.onHand')}>
          {stock.totals.map((p) => (
            <li key={p.product} data-testid={`naloxone-total-${p.product}`}>
              <strong>{t(`naloxone.product.${p.product}`)}</strong>: {t('naloxone.totalKits', { count: p.onHand })}
              {p.usable !== p.onHand ? <span className="muted"> ({t('naloxone.usableKits', { count: p.usable })})</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('naloxone.noStock')}</p>
      )}
      {shown.length > 0 ? (
        <TableWrap label={t('naloxone.stock')}>
          <table className="table naloxone-stock">
            <caption className="visually-hidden">{t('naloxone.stock')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('naloxone.product')}</th>
                <th scope="col">{t('naloxone.lot')}</th>
                <th scope="col">{t('naloxone.expiresOn')}</th>
                <th scope="col">{t('naloxone.onHand')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((l) => (
                <tr key={l.lotId}>
                  <td>{t(`naloxone.product.${l.product}`)}</td>
                  <td>{l.lotNumber}</td>
                  <td>
                    {formatDate(l.expiresOn, locale)} <span className={EXPIRY_TONE[l.expiry]}>{t(`naloxone.expiry.${l.expiry}`)}</span>
                  </td>
                  <td className="numeric">{l.onHand}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {empty > 0 ? <p className="muted small">{t('naloxone.emptyLots', { count: empty })}</p> : null}
    </section>
  );
}

function movementDetail(m: Movement, t: ReturnType<typeof useI18n>['t']): string {
  switch (m.kind) {
    case 'received':
      return m.source ? t('naloxone.from', { source: m.source }) : '';
    case 'transfer_out':
      return t('naloxone.toSite', { site: m.counterpartSite?.name ?? '' });
    case 'transfer_in':
      return t('naloxone.fromSite', { site: m.counterpartSite?.name ?? '' });
    case 'adjustment':
      return m.reason ?? '';
    case 'distributed':
    case 'expired_destroyed':
    case 'lost':
      return m.note ?? '';
  }
}

function History({ movements }: { movements: readonly Movement[] }) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="naloxone-history-title" className="panel">
      <h2 id="naloxone-history-title">{t('naloxone.history')}</h2>
      {movements.length === 0 ? (
        <p className="muted">{t('naloxone.noHistory')}</p>
      ) : (
        <TableWrap label={t('naloxone.history')}>
          <table className="table naloxone-history">
            <caption className="visually-hidden">{t('naloxone.history')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('naloxone.when')}</th>
                <th scope="col">{t('naloxone.what')}</th>
                <th scope="col">{t('naloxone.lot')}</th>
                <th scope="col">{t('naloxone.kits')}</th>
                <th scope="col">{t('naloxone.details')}</th>
              </tr>
            </thead>
            <tbody>
              {movements.map((m) => (
                <tr key={m.id}>
                  <td>{formatDate(m.occurredOn, locale)}</td>
                  <td>{t(`naloxone.kind.${m.kind}`)}</td>
                  <td>{m.lotNumber}</td>
                  <td className="numeric">{m.kits > 0 ? `+${String(m.kits)}` : String(m.kits)}</td>
                  <td>{[movementDetail(m, t), m.createdBy ? `${t('naloxone.by')} ${m.createdBy.name}` : ''].filter(Boolean).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
