/**
 * The list of supervision sessions the signed-in person may see (all for
 * supervisors and program administrators, their staff's for site managers, the
 * ones attended for coaches and case managers), filtered by kind, month and site.
 */
import { Link, useSearchParams } from 'react-router';
import { SESSION_KINDS } from '../../../core/supervision.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { useSites } from '../sites/useSites.ts';
import { supervisionApi } from './supervisionApi.ts';
import './supervision.css';

export function SupervisionPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const sites = useSites();
  const [params, setParams] = useSearchParams();
  const filter = { kind: params.get('kind') ?? '', month: params.get('month') ?? '', siteId: params.get('site') ?? '' };
  const sessions = useAsync((signal) => supervisionApi.sessions(filter, signal).then((r) => r.items), [filter.kind, filter.month, filter.siteId]);
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const siteName = (id: string) => sites.data?.find((s) => s.id === id)?.name;

  return (
    <Page
      title={t('supervision.title')}
      actions={
        <>
          {can('supervision:record') ? (
            <Link to="/supervision/new" className="btn btn-primary">
              {t('supervision.record')}
            </Link>
          ) : null}
          {can('supervision:analyze') ? (
            <Link to="/supervision/analysis" className="btn btn-secondary">
              {t('supervision.analysisLink')}
            </Link>
          ) : null}
          <Link to="/supervision/codebook" className="btn btn-secondary">
            {t('supervision.codebookLink')}
          </Link>
        </>
      }
    >
      <p className="muted">{t(can('supervision:record') ? 'supervision.introRecorder' : 'supervision.introReader')}</p>
      <div className="filters supervision-filters">
        <SelectField
          name="kind"
          label={t('supervision.kind')}
          value={filter.kind}
          placeholder={t('supervision.anyKind')}
          options={SESSION_KINDS.map((k) => ({ value: k, label: t(`supervision.kind.${k}`) }))}
          onChange={(v) => setFilter('kind', v)}
        />
        <TextField name="month" type="month" label={t('supervision.month')} hint={t('supervision.monthHint')} value={filter.month} onChange={(v) => setFilter('month', v)} />
        <SelectField
          name="site"
          label={t('supervision.site')}
          value={filter.siteId}
          placeholder={t('supervision.anySite')}
          options={(sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          onChange={(v) => setFilter('site', v)}
        />
      </div>
      {sessions.status === 'loading' ? <Loading label={t('supervision.loading')} /> : null}
      {sessions.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(sessions.error, t)}</p>
        </Notice>
      ) : null}
      {sessions.status === 'ok' && sessions.data.length === 0 ? <p>{t('supervision.none')}</p> : null}
      {sessions.status === 'ok' && sessions.data.length > 0 ? (
        <TableWrap label={t('supervision.listCaption')}>
          <table className="table supervision-table">
            <caption>{t('supervision.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervision.heldOn')}</th>
                <th scope="col">{t('supervision.kind')}</th>
                <th scope="col">{t('supervision.supervisor')}</th>
                <th scope="col">{t('supervision.attendees')}</th>
                <th scope="col">{t('supervision.sites')}</th>
                <th scope="col">{t('supervision.coding')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/supervision/sessions/${s.id}`}>{formatDate(s.heldOn, locale)}</Link>
                  </td>
                  <td>{t(`supervision.kind.${s.kind}`)}</td>
                  <td>{s.supervisor.name}</td>
                  <td>{s.attendees.map((a) => a.name).join(', ')}</td>
                  <td>{s.siteIds.map((id) => siteName(id) ?? t('supervision.otherSite')).join(', ')}</td>
                  <td>{s.reconciled ? t('supervision.status.reconciled') : t('supervision.status.codings', { count: s.codingCount })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Page>
  );
}
