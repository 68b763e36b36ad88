import { useState } from 'react';
import { Link } from 'react-router';
import type { ContactSummary } from '../../../core/contacts.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import type { ParticipantSectionProps } from '../participants/sections.tsx';
import { contactsApi } from './contactsApi.ts';
import { howText, resultText, servicesText, staffText } from './display.ts';
import './contacts.css';

const PAGE = 5;

/** The participant page's "Contacts": the most recent first, more on request, and "Log a contact". */
export function ContactsSection({ participant }: ParticipantSectionProps) {
  const { t } = useI18n();
  const { can } = useSession();
  const announce = useAnnounce();
  const first = useAsync((signal) => contactsApi.list(participant.id, { limit: PAGE }, signal), [participant.id]);
  const [more, setMore] = useState<{ items: ContactSummary[]; cursor: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const items = first.status === 'ok' ? [...first.data.items, ...(more?.items ?? [])] : [];
  const cursor = more ? more.cursor : first.status === 'ok' ? first.data.nextCursor : null;

  const loadMore = async () => {
    if (!cursor) return;
    setBusy(true);
    setError(null);
    try {
      const page = await contactsApi.list(participant.id, { limit: 20, cursor });
      setMore({ items: [...(more?.items ?? []), ...page.items], cursor: page.nextCursor });
      announce(t('contacts.loaded', { count: page.items.length }));
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="contacts-title" className="panel">
      <div className="contact-section-header">
        <h2 id="contacts-title">{t('contacts.title')}</h2>
        {can('participants:write') ? (
          <Link to={`/participants/${participant.id}/contacts/new`} className="btn btn-primary">
            {t('contacts.log')}
          </Link>
        ) : null}
      </div>
      {first.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {first.status === 'error' || error ? (
        <Notice tone="error" live="assertive">
          <p>{error ?? describeError(first.error, t)}</p>
        </Notice>
      ) : null}
      {first.status === 'ok' && items.length === 0 ? <p className="muted">{t('contacts.empty')}</p> : null}
      {items.length > 0 ? (
        <ol className="card-list">
          {items.map((c) => (
            <ContactCard key={c.id} contact={c} />
          ))}
        </ol>
      ) : null}
      {cursor ? (
        <button type="button" className="btn btn-secondary" onClick={() => void loadMore()} disabled={busy}>
          {busy ? t('app.loading') : t('ui.loadMore')}
        </button>
      ) : null}
    </section>
  );
}

function ContactCard({ contact: c }: { contact: ContactSummary }) {
  const { t, locale } = useI18n();
  const when = formatDateTime(c.occurredAt, locale);
  return (
    <li className={`card contact-card${c.reached ? '' : ' contact-card--attempt'}`}>
      <Link to={`/participants/${c.participantId}/contacts/${c.id}`} className="card-title" aria-label={t('contacts.open', { date: when })}>
        {when}
      </Link>
      <dl className="card-details">
        <div>
          <dt>{t('contacts.mode')}</dt>
          <dd>{howText(c, t)}</dd>
        </div>
        <div>
          <dt>{t('contacts.result')}</dt>
          <dd>{resultText(c, t)}</dd>
        </div>
        {c.reached ? (
          <div>
            <dt>{t('contacts.services')}</dt>
            <dd>{servicesText(c, t)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('contacts.whoShort')}</dt>
          <dd>{staffText(c)}</dd>
        </div>
      </dl>
      {c.noteExcerpt ? (
        <p className="contact-excerpt">
          {c.noteExcerpt}
          {c.noteTruncated ? '…' : ''}
        </p>
      ) : null}
      {c.addendumCount > 0 ? <p className="muted small">{t('contacts.corrected', { count: c.addendumCount })}</p> : null}
    </li>
  );
}
