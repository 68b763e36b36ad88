import { useState } from 'react';
import { authApi } from '../../api/auth.ts';
import { describeError } from '../../api/describeError.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';

/** On a user's admin page: whether they have an authenticator app, and a reset for a lost phone. */
export function MfaResetPanel({ user }: { user: { id: string; name: string } }) {
  const { t, locale } = useI18n();
  const status = useAsync((signal) => authApi.userMfa(user.id, signal), [user.id]);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const reset = async () => {
    if (!window.confirm(t('mfa.reset.confirm', { name: user.name }))) return;
    setBusy(true);
    setMessage(null);
    try {
      status.setData(await authApi.resetUserMfa(user.id));
      setMessage({ tone: 'success', text: t('mfa.reset.done', { name: user.name }) });
    } catch (err) {
      setMessage({ tone: 'error', text: describeError(err, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="mfa-reset-title">
      <h2 id="mfa-reset-title">{t('mfa.reset.title')}</h2>
      {message ? (
        <Notice tone={message.tone} live={message.tone === 'error' ? 'assertive' : 'polite'}>
          <p>{message.text}</p>
        </Notice>
      ) : null}
      {status.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(status.error, t)}</p>
        </Notice>
      ) : null}
      {status.status === 'ok' ? (
        <>
          <p>{status.data.enrolled ? t('mfa.reset.on', { date: formatDateTime(status.data.enabledAt, locale) }) : t('mfa.reset.off')}</p>
          {status.data.enrolled ? (
            <>
              <p>{t('mfa.reset.body')}</p>
              <button type="button" className="btn btn-secondary" onClick={() => void reset()} disabled={busy}>
                {t('mfa.reset.button')}
              </button>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
