import { useState, type SubmitEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { Me } from '../../../core/schemas.ts';
import { authApi } from '../../api/auth.ts';
import { setCsrfToken } from '../../api/client.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { TextField } from '../../ui/Field.tsx';
import { usePageTitle } from '../../ui/hooks.ts';
import { Notice } from '../../ui/Notice.tsx';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { PublicLayout } from '../shell/PublicLayout.tsx';
import { safeNextPath } from './nextPath.ts';
import { MFA_SETUP_PATH } from './RequireAuth.tsx';
import { SecondFactorStep } from './SecondFactorStep.tsx';
import { useSession, type SignedOutReason } from './SessionProvider.tsx';

type FieldErrors = Partial<Record<'email' | 'password', string>>;

/** Where a fresh session goes first: a required password change or authenticator setup, else where it was headed. */
export function landingPath(me: Me, next: string): string {
  if (me.user.mustChangePassword) return '/password';
  if (me.session === 'mfa_enrollment') return MFA_SETUP_PATH;
  return next;
}

export function SignInPage() {
  const t = useT();
  usePageTitle(t('signIn.title'), t('app.name'));
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [codeStep, setCodeStep] = useState(false);

  if (session.status === 'signedIn' && session.me) {
    return <Navigate to={landingPath(session.me, next)} replace />;
  }

  const finish = (me: Me) => {
    session.signedIn(me);
    void navigate(landingPath(me, next), { replace: true });
  };

  if (codeStep) {
    return (
      <PublicLayout>
        <SecondFactorStep
          onSignedIn={finish}
          onStartOver={(expired) => {
            setCodeStep(false);
            setPassword('');
            setFormError(expired ? t('mfa.codeStep.expired') : null);
          }}
        />
      </PublicLayout>
    );
  }

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    const errors: FieldErrors = {};
    if (!email.trim()) errors.email = t('signIn.emailRequired');
    if (!password) errors.password = t('signIn.passwordRequired');
    setFieldErrors(errors);
    setFormError(null);
    if (errors.email || errors.password) {
      document.getElementById(errors.email ? 'field-email' : 'field-password')?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await authApi.login(email.trim(), password);
      if ('mfaRequired' in result) {
        // The waiting session's token: the code step is a change like any other.
        setCsrfToken(result.csrfToken);
        setCodeStep(true);
      } else {
        finish(result);
      }
    } catch (err) {
      setPassword('');
      if (isApiError(err) && err.status === 401) setFormError(t('signIn.invalid'));
      else if (isApiError(err) && err.status === 429) setFormError(t('signIn.tooMany'));
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <PublicLayout>
      <h1>{t('signIn.title')}</h1>
      <SignedOutNotice reason={session.signedOutReason} />
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
        <TextField
          name="email"
          type="email"
          label={t('signIn.email')}
          autoComplete="username"
          inputMode="email"
          autoCapitalize="none"
          spellCheck={false}
          value={email}
          onChange={setEmail}
          error={fieldErrors.email}
        />
        <PasswordField
          name="password"
          label={t('signIn.password')}
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={fieldErrors.password}
          showLabel={t('ui.showPassword')}
          hideLabel={t('ui.hidePassword')}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
      <p className="muted">{t('signIn.help')}</p>
    </PublicLayout>
  );
}

function SignedOutNotice({ reason }: { reason: SignedOutReason | null }) {
  const t = useT();
  if (!reason) return null;
  const text = reason === 'signedOut' ? t('signIn.signedOut') : reason === 'idle' ? t('signIn.signedOutIdle') : t('signIn.signedOutExpired');
  return (
    <Notice tone={reason === 'signedOut' ? 'success' : 'warning'} live="polite">
      <p>{text}</p>
    </Notice>
  );
}
