import { useState, type SubmitEvent } from 'react';
import { Link } from 'react-router';
import type { MfaStatus } from '../../../core/schemas.ts';
import { authApi } from '../../api/auth.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { Page } from '../shell/Page.tsx';
import { CodeField, isSixDigits } from './CodeField.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { useSession } from './SessionProvider.tsx';

/** One's own sign-in security: whether an authenticator app is on, new recovery codes, turning it off. */
export function SecurityPage() {
  const { t, locale } = useI18n();
  const { me, refresh } = useSession();
  const status = useAsync((signal) => authApi.mfaStatus(signal), []);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <Page title={t('mfa.security.title')} narrow>
      {notice ? (
        <Notice tone="success" live="polite">
          <p>{notice}</p>
        </Notice>
      ) : null}
      {status.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {status.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(status.error, t)}</p>
        </Notice>
      ) : null}
      {status.status === 'ok' && codes ? <RecoveryCodes codes={codes} email={me?.user.email ?? ''} onDone={() => { setCodes(null); status.reload(); }} /> : null}
      {status.status === 'ok' && !codes ? (
        <Overview
          mfa={status.data}
          dateText={formatDateTime(status.data.enabledAt, locale)}
          onCodes={setCodes}
          onDisabled={() => {
            setNotice(t('mfa.security.disabled'));
            status.reload();
            void refresh();
          }}
        />
      ) : null}
    </Page>
  );
}

function Overview({ mfa, dateText, onCodes, onDisabled }: { mfa: MfaStatus; dateText: string; onCodes: (codes: string[]) => void; onDisabled: () => void }) {
  const { t } = useI18n();
  if (!mfa.enrolled) {
    return (
      <>
        <p>{t('mfa.security.off')}</p>
        <Link className="btn btn-primary" to="/account/mfa/setup">
          {t('mfa.security.setUp')}
        </Link>
      </>
    );
  }
  return (
    <>
      <p>{t('mfa.security.on', { date: dateText })}</p>
      <p>{t('mfa.security.codesLeft', { n: mfa.recoveryCodesLeft })}</p>
      <RegenerateForm onCodes={onCodes} />
      {mfa.required ? <p className="muted">{t('mfa.security.requiredNote')}</p> : <DisableForm onDisabled={onDisabled} />}
    </>
  );
}

function serverFieldError(err: unknown, field: string): string | undefined {
  return isApiError(err) && err.status === 400 ? err.details.find((d) => d.path === field)?.message : undefined;
}

function RegenerateForm({ onCodes }: { onCodes: (codes: string[]) => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!isSixDigits(code)) {
      setError(t('mfa.codeStep.codeRequired'));
      document.getElementById('field-regenerateCode')?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      onCodes((await authApi.regenerateRecoveryCodes(code)).recoveryCodes);
    } catch (err) {
      setCode('');
      const field = serverFieldError(err, 'code');
      if (field) setError(field);
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="mfa-regenerate">
      <h2 id="mfa-regenerate">{t('mfa.security.regenerateTitle')}</h2>
      <p>{t('mfa.security.regenerateBody')}</p>
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        <CodeField name="regenerateCode" label={t('mfa.codeStep.code')} value={code} onChange={setCode} error={error} />
        <button type="submit" className="btn btn-secondary" disabled={busy}>
          {t('mfa.security.regenerate')}
        </button>
      </form>
    </section>
  );
}

function DisableForm({ onDisabled }: { onDisabled: () => void }) {
  const { t } = useI18n();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ password?: string; code?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setFormError(null);
    const found = {
      password: password ? undefined : t('mfa.security.passwordRequired'),
      code: isSixDigits(code) ? undefined : t('mfa.codeStep.codeRequired'),
    };
    setErrors(found);
    if (found.password || found.code) {
      document.getElementById(found.password ? 'field-disablePassword' : 'field-disableCode')?.focus();
      return;
    }
    setBusy(true);
    try {
      await authApi.disableMfa(password, code);
      onDisabled();
    } catch (err) {
      setCode('');
      const fromServer = { password: serverFieldError(err, 'password'), code: serverFieldError(err, 'code') };
      if (fromServer.password || fromServer.code) setErrors(fromServer);
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="mfa-disable">
      <h2 id="mfa-disable">{t('mfa.security.disableTitle')}</h2>
      <p>{t('mfa.security.disableBody')}</p>
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate aria-busy={busy}>
        <PasswordField
          name="disablePassword"
          label={t('mfa.security.password')}
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={errors.password}
          showLabel={t('ui.showPassword')}
          hideLabel={t('ui.hidePassword')}
        />
        <CodeField name="disableCode" label={t('mfa.codeStep.code')} value={code} onChange={setCode} error={errors.code} />
        <button type="submit" className="btn btn-secondary" disabled={busy}>
          {t('mfa.security.disable')}
        </button>
      </form>
    </section>
  );
}
