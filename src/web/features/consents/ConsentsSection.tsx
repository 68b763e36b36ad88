import { useRef, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { consentRevokeInput, type Consent } from '../../../core/consents.ts';
import { describeError } from '../../api/describeError.ts';
import { formatDate, todayIso } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { TextField } from '../../ui/Field.tsx';
import { InlineActionForm, useInlineActionForm } from '../../ui/InlineActionForm.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { useSession } from '../auth/SessionProvider.tsx';
import type { ParticipantSectionProps } from '../participants/sections.tsx';
import { consentsApi } from './consentsApi.ts';
import './consents.css';

const STATUS_TONE: Record<Consent['status'], string> = { active: 'badge badge--ok', revoked: 'badge badge--warn', expired: 'badge' };

/** The participant page's Part 2 consents: each with its status today, revoke, record a new one, and the accounting of disclosures. */
export function ConsentsSection({ participant }: ParticipantSectionProps) {
  const { t } = useI18n();
  const { can } = useSession();
  const announce = useAnnounce();
  const list = useAsync((signal) => consentsApi.list(participant.id, signal), [participant.id]);
  const [revoking, setRevoking] = useState<string | null>(null);
  // "Consent recorded." when the consent form brought us back here.
  // (Its own key: the page-wide confirmation of an edit must not repeat here.)
  const arrived = (useLocation().state ?? {}) as { consentFlash?: string };
  const [flash, setFlash] = useState<string | null>(arrived.consentFlash ?? null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const writer = can('participants:write');
  const target = list.data?.items.find((c) => c.id === revoking);

  const close = () => {
    setRevoking(null);
    headingRef.current?.focus();
  };
  const done = (message: string) => {
    setFlash(message);
    announce(message);
    list.reload();
    close();
  };

  return (
    <section aria-labelledby="consents-title" className="panel consents-section" id="consents">
      <h2 id="consents-title" ref={headingRef} tabIndex={-1}>
        {t('consents.title')}
      </h2>
      {flash ? (
        <Notice tone="success">
          <p>{flash}</p>
        </Notice>
      ) : null}
      {list.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {list.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(list.error, t)}</p>
        </Notice>
      ) : null}
      {list.status === 'ok' && list.data.items.length === 0 ? <p className="muted">{t('consents.none')}</p> : null}
      <div className="button-row">
        {writer ? (
          <Link className="btn btn-primary" to={`/participants/${participant.id}/consents/new`}>
            {t('consents.record')}
          </Link>
        ) : null}
        <Link className="btn btn-secondary" to={`/participants/${participant.id}/disclosures`}>
          {t('consents.disclosuresLink')}
        </Link>
      </div>
      {target ? <RevokeForm participantId={participant.id} consent={target} onDone={done} onCancel={close} onReload={() => {
            list.reload();
            close();
          }} /> : null}
      {list.status === 'ok' && list.data.items.length > 0 ? (
        <ul className="card-list">
          {list.data.items.map((c) => (
            <ConsentCard key={c.id} consent={c} onRevoke={writer && c.status === 'active' && revoking === null ? () => setRevoking(c.id) : undefined} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ConsentCard({ consent: c, onRevoke }: { consent: Consent; onRevoke?: (() => void) | undefined }) {
  const { t, locale } = useI18n();
  const date = (d: string) => formatDate(d, locale);
  return (
    <li className="card consent-card" data-testid="consent-card">
      <div className="card-head">
        <h3 className="card-title">{t('consents.to', { name: c.recipient.kind === 'class' ? t(`consents.recipientClass.${c.recipient.recipientClass}`) : c.recipient.name })}</h3>
        <span className={STATUS_TONE[c.status]}>{t(`consents.status.${c.status}`)}</span>
      </div>
      <dl className="details">
        <div className="details-row">
          <dt>{t('consents.information')}</dt>
          <dd>{c.information.map((i) => t(`consents.info.${i}`)).join(', ')}</dd>
        </div>
        <div className="details-row">
          <dt>{t('consents.purposes')}</dt>
          <dd>{[...c.purposes.filter((p) => p !== 'other').map((p) => t(`consents.purpose.${p}`)), ...(c.purposeOther ? [c.purposeOther] : [])].join(', ')}</dd>
        </div>
        <div className="details-row">
          <dt>{t('consents.signature')}</dt>
          <dd>
            {t('consents.signedBy', { date: date(c.signedOn), name: c.signature.typedName })}
            {c.signature.image ? <img className="consent-signature" src={c.signature.image} alt={t('consents.signatureKind.drawn')} /> : null}
          </dd>
        </div>
        <div className="details-row">
          <dt>{t('consents.expiresOn')}</dt>
          <dd>
            {[c.expiresOn ? t('consents.until', { date: date(c.expiresOn) }) : null, c.expiryEvent ? t('consents.untilEvent', { event: c.expiryEvent }) : null].filter(Boolean).join('; ')}
          </dd>
        </div>
        {c.irrevocableUntil ? (
          <div className="details-row">
            <dt>{t('consents.irrevocableUntil')}</dt>
            <dd>{t('consents.irrevocable', { date: date(c.irrevocableUntil) })}</dd>
          </div>
        ) : null}
        {c.revocation ? (
          <div className="details-row">
            <dt>{t('consents.status.revoked')}</dt>
            <dd>{t('consents.revokedOn', { date: date(c.revocation.revokedOn) })}</dd>
          </div>
        ) : null}
      </dl>
      {onRevoke ? (
        <div className="button-row">
          <button type="button" className="btn btn-secondary" onClick={onRevoke} aria-label={t('consents.revokeFor', { name: c.recipient.name })}>
            {t('consents.revoke')}
          </button>
        </div>
      ) : null}
    </li>
  );
}

function RevokeForm({ participantId, consent, onDone, onCancel, onReload }: { participantId: string; consent: Consent; onDone: (m: string) => void; onCancel: () => void; onReload: () => void }) {
  const { t } = useI18n();
  const state = useInlineActionForm(onDone, (err) => err.message);
  const [revokedOn, setRevokedOn] = useState(todayIso());
  const [note, setNote] = useState('');
  const fieldId = (path: string) => `field-revoke-${path}`;
  return (
    <InlineActionForm
      title={t('consents.revokeFor', { name: consent.recipient.name })}
      submitLabel={t('consents.revokeConfirm')}
      state={state}
      labels={{ revokedOn: t('consents.revokedOnLabel'), note: t('referrals.note') }}
      onSubmit={() => void state.submit(consentRevokeInput, { revokedOn, note }, (input) => consentsApi.revoke(participantId, consent.id, input), t('consents.revokedDone'))}
      onCancel={onCancel}
      onReload={onReload}
      className="consent-revoke-form card"
      titleId="consent-revoke-title"
      fieldId={fieldId}
      reloadLabel={t('consents.reload')}
    >
      <TextField name="revoke-revokedOn" id={fieldId('revokedOn')} type="date" label={t('consents.revokedOnLabel')} value={revokedOn} onChange={setRevokedOn} error={state.errorOf('revokedOn')} />
      <TextField name="revoke-note" id={fieldId('note')} label={t('referrals.note')} optional value={note} onChange={setNote} error={state.errorOf('note')} />
    </InlineActionForm>
  );
}
