import { Link, useParams } from 'react-router';
import type { ContactDetail } from '../../../core/contacts.ts';
import { displayName } from '../../../core/names.ts';
import { participantsApi } from '../../api/participants.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import { Page } from '../shell/Page.tsx';
import { PendingPage } from '../shell/PendingPage.tsx';
import { AddendumForm } from './AddendumForm.tsx';
import { contactsApi } from './contactsApi.ts';
import { howText, resultText, servicesText, staffText } from './display.ts';
import './contacts.css';

/** /participants/:id/contacts/:contactId — the whole note, its corrections, and "Add a correction". */
export function ContactDetailPage() {
  const { t, locale } = useI18n();
  const { can } = useSession();
  const { id = '', contactId = '' } = useParams();
  const loaded = useAsync(
    async (signal) => {
      const contact = await contactsApi.get(id, contactId, signal);
      const participant = await participantsApi.get(id, signal);
      return { contact, participant };
    },
    [id, contactId],
  );

  if (loaded.status !== 'ok') return <PendingPage state={loaded} title={t('contacts.title')} notFound={t('contacts.notFound')} />;
  const { contact: c, participant } = loaded.data;
  const replace = (contact: ContactDetail) => loaded.setData({ contact, participant });
  return (
    <Page title={t('contacts.detailTitle', { date: formatDateTime(c.occurredAt, locale) })} narrow>
      <p>
        <Link to={`/participants/${id}`}>{t('contacts.backToParticipant', { name: displayName(participant) })}</Link>
      </p>
      <section aria-labelledby="contact-details-title" className="panel">
        <h2 id="contact-details-title" className="visually-hidden">
          {t('participant.detailsTitle')}
        </h2>
        <dl className="details">
          <Row label={t('contacts.mode')} value={howText(c, t)} />
          <Row label={t('contacts.result')} value={resultText(c, t)} />
          {c.reached ? <Row label={t('contacts.services')} value={servicesText(c, t)} /> : null}
          <Row label={t('contacts.whoShort')} value={staffText(c)} />
        </dl>
        {c.createdBy ? (
          <p className="muted small">{t('contacts.loggedBy', { name: c.createdBy.name, date: formatDateTime(c.createdAt, locale) })}</p>
        ) : null}
      </section>
      <section aria-labelledby="contact-note-title" className="panel">
        <h2 id="contact-note-title">{t('contacts.note')}</h2>
        {c.note ? <p className="contact-note">{c.note}</p> : <p className="muted">{t('contacts.noNote')}</p>}
      </section>
      <section aria-labelledby="contact-corrections-title" className="panel">
        <h2 id="contact-corrections-title">{t('contacts.corrections')}</h2>
        {c.addenda.length === 0 ? (
          <p className="muted">{t('contacts.noCorrections')}</p>
        ) : (
          <ol className="card-list">
            {c.addenda.map((a) => (
              <li key={a.id} className="addendum">
                <p className="contact-note">{a.text}</p>
                <p className="muted small">{t('contacts.correctionReason', { reason: a.reason })}</p>
                <p className="muted small">
                  {t('contacts.correctionBy', { name: a.createdBy?.name ?? t('contacts.someoneElse'), date: formatDateTime(a.createdAt, locale) })}
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>
      {can('participants:write') ? <AddendumForm participantId={id} contactId={c.id} onAdded={replace} /> : null}
    </Page>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="details-row">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
