import { useState, type SubmitEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { PASSWORD_MIN_LENGTH } from '../../../core/schemas.ts';
import { authApi } from '../../api/auth.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { TextField } from '../../ui/Field.tsx';
import { usePageTitle } from '../../ui/hooks.ts';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { useAsync } from '../../ui/useAsync.ts';
import { PublicLayout } from '../shell/PublicLayout.tsx';
import { useSession } from './SessionProvider.tsx';

export function AcceptInvitationPage() {
  const t = useT();
  usePageTitle(t('invitation.title'), t('app.name'));
  const { token = '' } = useParams();
  const invitation = useAsync((signal) => authApi.invitation(token, signal), [token]);

  return (
    <PublicLayout>
      <h1>{t('invitation.title')}</h1>
      {invitation.status === 'loading' ? <Loading label={t('app.loading')} /> : null}
      {invitation.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{isApiError(invitation.error) && invitation.error.isNotFound ? t('invitation.invalid') : describeError(invitation.error, t)}</p>
        </Notice>
      ) : null}
      {invitation.status === 'ok' ? <ChoosePassword token={token} name={invitation.data.name} email={invitation.data.email} /> : null}
    </PublicLayout>
  );
}

function ChoosePassword({ token, name, email }: { token: string; name: string; email: string }) {
  const t = useT();
  const navigate = useNavigate();
  const session = useSession();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const fail = (message: string) => {
    setError(message);
    document.getElementById('field-password')?.focus();
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setFormError(null);
    setError(undefined);
    if (password.length < PASSWORD_MIN_LENGTH) return fail(t('password.tooShort', { min: PASSWORD_MIN_LENGTH }));
    setBusy(true);
    try {
      const me = await authApi.acceptInvitation(token, password);
      session.signedIn(me);
      void navigate('/', { replace: true });
    } catch (err) {
      const detail = isApiError(err) ? err.details.find((d) => d.path.startsWith('password')) : undefined;
      if (detail) fail(detail.message);
      else if (isApiError(err) && err.isNotFound) setFormError(t('invitation.invalid'));
      else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p>{t('invitation.welcome', { name })}</p>
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
        <TextField name="email" type="email" label={t('signIn.email')} value={email} onChange={() => undefined} readOnly autoComplete="username" />
        <PasswordField
          name="password"
          label={t('invitation.password')}
          hint={t('password.hint', { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={error}
          showLabel={t('ui.showPassword')}
          hideLabel={t('ui.hidePassword')}
        />
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? t('ui.saving') : t('invitation.submit')}
        </button>
      </form>
    </>
  );
}
