/**
 * For program administrators: every emergency access, to review once it has
 * ended — who opened whom, why, what they did under it — and mark it reviewed.
 */
import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import { emergencyReviewInput, type EmergencyAccessReviewItem } from '../../../core/emergency-access.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { useAnnounce } from '../../ui/Announcer.tsx';
import { RadioGroup } from '../../ui/ChoiceGroup.tsx';
import { TextAreaField } from '../../ui/Field.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { Page } from '../shell/Page.tsx';
import { emergencyAccessApi } from './emergencyAccessApi.ts';
import './emergency-access.css';

type Status = 'unreviewed' | 'all';

export function EmergencyReviewPage() {
  const { t } = useI18n();
  const [status, setStatus] = useState<Status>('unreviewed');
  const list = useAsync((signal) => emergencyAccessApi.forReview(status, signal), [status]);
  const items = list.data?.items ?? [];

  return (
    <Page title={t('emergencyAccess.review.title')}>
      <p>{t('emergencyAccess.review.intro')}</p>
      <div className="ea-filter">
        <RadioGroup
          name="status"
          legend={t('emergencyAccess.review.show')}
          inline
          value={status}
          onChange={(v) => setStatus(v === 'all' ? 'all' : 'unreviewed')}
          options={[
            { value: 'unreviewed', label: t('emergencyAccess.review.unreviewed') },
            { value: 'all', label: t('emergencyAccess.review.all') },
          ]}
        />
      </div>
      {list.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {list.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(list.error, t)}</p>
        </Notice>
      ) : null}
      {list.status === 'ok' && items.length === 0 ? (
        <p className="empty">{status === 'unreviewed' ? t('emergencyAccess.review.none') : t('emergencyAccess.review.noneAll')}</p>
      ) : null}
      <ul className="ea-reviews">
        {items.map((item) => (
          <ReviewCard key={item.id} item={item} onReviewed={() => list.reload()} />
        ))}
      </ul>
    </Page>
  );
}

function ReviewCard({ item, onReviewed }: { item: EmergencyAccessReviewItem; onReviewed: () => void }) {
  const { t, locale } = useI18n();
  const titleId = `ea-${item.id}-title`;
  return (
    <li className="panel ea-review">
      <h2 id={titleId} className="ea-review-title">
        {t('emergencyAccess.review.heading', { user: item.user.name, participant: item.participant.name })}
      </h2>
      <dl className="details">
        <div className="details-row">
          <dt>{t('emergencyAccess.review.who')}</dt>
          <dd>
            {item.user.name} · {t(`role.${item.user.role}`)}
          </dd>
        </div>
        <div className="details-row">
          <dt>{t('emergencyAccess.review.participant')}</dt>
          <dd>
            <Link to={`/participants/${item.participant.id}`} aria-label={t('emergencyAccess.review.openRecord', { name: item.participant.name })}>
              {item.participant.name}
            </Link>{' '}
            · {item.participant.siteName}
          </dd>
        </div>
        <div className="details-row">
          <dt>{t('emergencyAccess.review.when')}</dt>
          <dd>
            {item.endedAt
              ? t('emergencyAccess.review.endedEarly', { from: formatDateTime(item.openedAt, locale), to: formatDateTime(item.endedAt, locale) })
              : t('emergencyAccess.review.period', { from: formatDateTime(item.openedAt, locale), to: formatDateTime(item.expiresAt, locale) })}
          </dd>
        </div>
        <div className="details-row">
          <dt>{t('emergencyAccess.review.reason')}</dt>
          <dd className="ea-reason-text">{item.reason}</dd>
        </div>
        <div className="details-row">
          <dt>{t('emergencyAccess.review.activity')}</dt>
          <dd>{t('emergencyAccess.review.counts', { requests: item.requests, rows: item.auditRows })}</dd>
        </div>
      </dl>
      {item.review ? (
        <p className="ea-reviewed">
          <span className="badge badge--ok">{t('emergencyAccess.review.reviewedBy', { name: item.review.by.name, date: formatDateTime(item.review.at, locale) })}</span>
          {item.review.note ? <span className="ea-review-note"> {item.review.note}</span> : null}
        </p>
      ) : item.active ? (
        <p>
          <span className="badge badge--warn">{t('emergencyAccess.review.stillRunning')}</span>
        </p>
      ) : (
        <ReviewForm item={item} onReviewed={onReviewed} />
      )}
    </li>
  );
}

function ReviewForm({ item, onReviewed }: { item: EmergencyAccessReviewItem; onReviewed: () => void }) {
  const { t } = useI18n();
  const announce = useAnnounce();
  const [note, setNote] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = `field-note-${item.id}`;

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    const parsed = emergencyReviewInput.safeParse({ note });
    if (!parsed.success) return setFieldError(parsed.error.issues[0]?.message);
    setFieldError(undefined);
    setBusy(true);
    try {
      await emergencyAccessApi.review(item.id, parsed.data);
      announce(t('emergencyAccess.review.done'));
      onReviewed();
    } catch (err) {
      const detail = isApiError(err) && err.status === 400 ? err.details.find((d) => d.path.endsWith('note')) : undefined;
      if (detail) setFieldError(detail.message);
      else setError(describeError(err, t));
      setBusy(false);
    }
  };

  return (
    <form noValidate className="ea-review-form" onSubmit={(e) => void onSubmit(e)}>
      {error ? (
        <Notice tone="error" live="assertive">
          <p>{error}</p>
        </Notice>
      ) : null}
      <TextAreaField
        id={id}
        name="note"
        label={t('emergencyAccess.review.note')}
        hint={t('emergencyAccess.review.noteHint')}
        error={fieldError}
        optional
        rows={2}
        maxLength={1000}
        value={note}
        onChange={setNote}
      />
      <button type="submit" className="btn btn-primary" disabled={busy} aria-describedby={`ea-${item.id}-title`}>
        {busy ? t('emergencyAccess.review.marking') : t('emergencyAccess.review.mark')}
      </button>
    </form>
  );
}
