/**
 * One study (program administrators): its design, activate or close it, and the
 * allocation counts by arm and by stratum — counts only, never who or what comes next.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { StudyDetail, StudyStatus } from '../../../core/studies.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { Page } from '../shell/Page.tsx';
import { PendingPage } from '../shell/PendingPage.tsx';
import { StatusBadge } from './StudiesPage.tsx';
import { studiesApi } from './studiesApi.ts';
import './studies.css';

export function StudyPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const study = useAsync((signal) => studiesApi.get(id, signal), [id]);
  if (study.status !== 'ok') return <PendingPage state={study} title={t('studies.title')} notFound={t('studies.notFound')} />;
  return <StudyView study={study.data} onChange={study.setData} onReload={study.reload} />;
}

function StudyView({ study, onChange, onReload }: { study: StudyDetail; onChange: (s: StudyDetail) => void; onReload: () => void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string; stale?: boolean } | null>(null);
  const [confirmClose, setConfirmClose] = useState(false);
  const move = async (status: StudyStatus) => {
    setBusy(true);
    try {
      const next = await studiesApi.update(study.id, { version: study.version, status });
      onChange(next);
      const text = status === 'active' ? t('studies.activated') : t('studies.closed');
      setMessage({ tone: 'success', text });
      announce(text);
    } catch (err) {
      const stale = isApiError(err) && err.isConflict;
      setMessage({ tone: 'error', text: stale ? t('studies.stale') : describeError(err, t), stale });
    } finally {
      setBusy(false);
      setConfirmClose(false);
    }
  };
  const armLabel = (key: string) => study.arms.find((a) => a.key === key)?.label ?? key;
  return (
    <Page
      title={study.name}
      actions={
        <Link to="/admin/studies" className="btn btn-secondary">
          {t('studies.back')}
        </Link>
      }
    >
      <p>
        <StatusBadge status={study.status} />
      </p>
      {study.description ? <p>{study.description}</p> : null}
      {message ? (
        <Notice tone={message.tone} live={message.tone === 'error' ? 'assertive' : undefined}>
          <p>{message.text}</p>
          {message.stale ? (
            <button type="button" className="btn btn-primary" onClick={onReload}>
              {t('studies.reload')}
            </button>
          ) : null}
        </Notice>
      ) : null}
      <div className="button-row">
        {study.status === 'draft' ? (
          <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void move('active')}>
            {t('studies.activate')}
          </button>
        ) : null}
        {study.status !== 'closed' && !confirmClose ? (
          <button type="button" className="btn btn-secondary" disabled={busy} onClick={() => setConfirmClose(true)}>
            {t('studies.close')}
          </button>
        ) : null}
      </div>
      {confirmClose ? (
        <div className="notice notice--warning studies-confirm" role="group" aria-label={t('studies.close')}>
          <p>{t('studies.closeConfirm')}</p>
          <div className="button-row">
            <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void move('closed')}>
              {t('studies.close')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirmClose(false)}>
              {t('ui.cancel')}
            </button>
          </div>
        </div>
      ) : null}

      <section className="panel" aria-labelledby="study-design">
        <h2 id="study-design">{t('studies.design')}</h2>
        <ul>
          {study.arms.map((a) => (
            <li key={a.key}>{t('studies.ratioLine', { label: a.label, key: a.key, ratio: a.ratio })}</li>
          ))}
        </ul>
        <p>
          {t('studies.strata')}: {study.strataFactors.length > 0 ? study.strataFactors.map((f) => t(`studies.factor.${f}`)).join(', ') : t('studies.noStrata')}
        </p>
        <p>
          {t('studies.blockSizes')}: {study.blockSizes.join(', ')}
        </p>
      </section>

      <section className="panel" aria-labelledby="study-allocation">
        <h2 id="study-allocation">{t('studies.allocation')}</h2>
        <p className="muted small">{t('studies.allocationHint')}</p>
        {study.assignedCount === 0 ? <p className="empty">{t('studies.noneAssigned')}</p> : null}
        <h3>{t('studies.byArm')}</h3>
        <ul className="studies-counts" aria-label={t('studies.byArm')}>
          {study.allocation.byArm.map((a) => (
            <li key={a.arm}>
              {armLabel(a.arm)}: <strong>{a.count}</strong>
            </li>
          ))}
        </ul>
        {study.allocation.byStratum.length > 0 ? (
          <>
            <h3>{t('studies.byStratum')}</h3>
            <TableWrap label={t('studies.byStratum')}>
              <table className="table table--stack">
                <caption className="visually-hidden">{t('studies.byStratum')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('studies.stratum')}</th>
                    {study.arms.map((a) => (
                      <th scope="col" key={a.key}>
                        {a.label}
                      </th>
                    ))}
                    <th scope="col">{t('studies.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  {study.allocation.byStratum.map((s) => (
                    <tr key={s.stratumKey}>
                      <th scope="row" data-label={t('studies.stratum')}>
                        {s.values.length > 0 ? s.values.map((v) => `${t(`studies.factor.${v.factor as 'site'}`)}: ${v.label}`).join(' · ') : t('studies.allStrata')}
                      </th>
                      {s.byArm.map((a) => (
                        <td key={a.arm} data-label={armLabel(a.arm)}>
                          {a.count}
                        </td>
                      ))}
                      <td data-label={t('studies.total')}>{s.total}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        ) : null}
      </section>
    </Page>
  );
}
