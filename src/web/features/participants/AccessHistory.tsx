import { useState } from 'react';
import type { AuditEvent } from '../../../core/schemas.ts';
import { auditApi } from '../../api/audit.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { TableWrap } from '../../ui/TableWrap.tsx';
import { listedCount } from './listedCount.ts';

/**
 * Who opened or changed this record (audit:read). Loaded on request: reading
 * the audit trail is itself an access, and most visits do not need it.
 */
export function AccessHistory({ participantId }: { participantId: string }) {
  const { t, tMaybe, locale } = useI18n();
  const announce = useAnnounce();
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async (from: string | null) => {
    setBusy(true);
    setError(null);
    try {
      const page = await auditApi.forParticipant(participantId, from);
      setEvents((prev) => [...(from ? (prev ?? []) : []), ...page.items]);
      setCursor(page.nextCursor);
      announce(t('audit.loaded', { count: page.items.length }));
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="access-title" className="panel">
      <h2 id="access-title">{t('audit.title')}</h2>
      {error ? (
        <Notice tone="error" live="assertive">
          <p>{error}</p>
        </Notice>
      ) : null}
      {events === null ? (
        <button type="button" className="btn btn-secondary" onClick={() => void load(null)} disabled={busy}>
          {busy ? t('app.loading') : t('audit.show')}
        </button>
      ) : events.length === 0 ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        <TableWrap label={t('audit.title')}>
          <table className="table table--stack">
            <caption className="visually-hidden">{t('audit.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.via')}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td data-label={t('audit.when')}>{formatDateTime(e.at, locale)}</td>
                  <td data-label={t('audit.who')}>{e.actor ? `${e.actor.name} (${t(`role.${e.actor.role}`)})` : t('audit.system')}</td>
                  <td data-label={t('audit.action')}>{tMaybe(`audit.actions.${e.action}`, { count: listedCount(e.details) }) ?? e.action}</td>
                  <td data-label={t('audit.via')}>
                    {t(`audit.via.${e.via}`)}
                    {e.clientAddress ? <span className="muted"> · {e.clientAddress}</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {events !== null && cursor ? (
        <button type="button" className="btn btn-secondary" onClick={() => void load(cursor)} disabled={busy}>
          {busy ? t('app.loading') : t('ui.loadMore')}
        </button>
      ) : null}
    </section>
  );
}
