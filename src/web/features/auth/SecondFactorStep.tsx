import { useRef, useState, type SubmitEvent } from 'react';
import type { Me } from '../../../core/schemas.ts';
import { authApi } from '../../api/auth.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Notice } from '../../ui/Notice.tsx';
import { CodeField, isSixDigits } from './CodeField.tsx';
import './mfa.css';

/** The sign-in's second step: the app's code, or (a lost phone) one recovery code. */
export function SecondFactorStep({ onSignedIn, onStartOver }: { onSignedIn: (me: Me) => void; onStartOver: (expired: boolean) => void }) {
  const t = useT();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusWhen(heading, true);

  const fieldName = useRecovery ? 'recoveryCode' : 'code';

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setFormError(null);
    const missing = useRecovery ? (recovery.trim() ? undefined : t('mfa.codeStep.recoveryRequired')) : isSixDigits(code) ? undefined : t('mfa.codeStep.codeRequired');
    setFieldError(missing);
    if (missing) {
      document.getElementById(`field-${fieldName}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      onSignedIn(await authApi.verifyMfa(useRecovery ? { recoveryCode: recovery.trim() } : { code }));
    } catch (err) {
      setCode('');
      if (isApiError(err) && err.status === 401 && err.code === 'mfa_sign_in_expired') onStartOver(true);
      else if (isApiError(err) && err.status === 401) setFormError(t('mfa.codeStep.invalid'));
      else if (isApiError(err) && err.status === 429) setFormError(t('signIn.tooMany'));
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const switchMode = () => {
    setUseRecovery(!useRecovery);
    setFieldError(undefined);
    setFormError(null);
  };

  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {t('mfa.codeStep.title')}
      </h1>
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <p>{useRecovery ? t('mfa.codeStep.recoveryIntro') : t('mfa.codeStep.intro')}</p>
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
        {useRecovery ? (
          <TextField
            name="recoveryCode"
            label={t('mfa.codeStep.recoveryCode')}
            value={recovery}
            onChange={setRecovery}
            error={fieldError}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
          />
        ) : (
          <CodeField name="code" label={t('mfa.codeStep.code')} hint={t('mfa.codeStep.codeHint')} value={code} onChange={setCode} error={fieldError} />
        )}
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('mfa.codeStep.submitting') : t('mfa.codeStep.submit')}
        </button>
      </form>
      <p>
        <button type="button" className="btn-link" onClick={switchMode}>
          {useRecovery ? t('mfa.codeStep.useApp') : t('mfa.codeStep.useRecovery')}
        </button>
      </p>
      <p>
        <button type="button" className="btn-link" onClick={() => onStartOver(false)}>
          {t('mfa.codeStep.startOver')}
        </button>
      </p>
    </>
  );
}
