import { useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { PASSWORD_MIN_LENGTH } from '../../../core/schemas.ts';
import { authApi } from '../../api/auth.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { flashState } from '../shell/FlashMessage.tsx';
import { Page } from '../shell/Page.tsx';
import { useSession } from './SessionProvider.tsx';

type Fields = 'currentPassword' | 'newPassword';

export function ChangePasswordPage() {
  const t = useT();
  const navigate = useNavigate();
  const { me, refresh } = useSession();
  const forced = me?.user.mustChangePassword ?? false;

  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Fields, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const showErrors = (found: Partial<Record<Fields, string>>) => {
    setErrors(found);
    const first = (['currentPassword', 'newPassword'] as const).find((f) => found[f]);
    if (first) document.getElementById(`field-${first}`)?.focus();
  };

  const onSubmit = async (e: SubmitEvent) => {
    e.preventDefault();
    setFormError(null);
    const found: Partial<Record<Fields, string>> = {};
    if (!current) found.currentPassword = t('password.currentRequired');
    if (next.length < PASSWORD_MIN_LENGTH) found.newPassword = t('password.tooShort', { min: PASSWORD_MIN_LENGTH });
    showErrors(found);
    if (found.currentPassword || found.newPassword) return;

    setBusy(true);
    try {
      await authApi.changePassword(current, next);
      await refresh();
      void navigate('/', { replace: true, state: flashState(t('password.changed')) });
    } catch (err) {
      if (isApiError(err) && err.status === 400 && err.details.length) {
        const fromServer: Partial<Record<Fields, string>> = {};
        for (const d of err.details) {
          const field = d.path.split('.')[0];
          if ((field === 'currentPassword' || field === 'newPassword') && !fromServer[field]) fromServer[field] = d.message;
        }
        showErrors(fromServer);
        if (!fromServer.currentPassword && !fromServer.newPassword) setFormError(describeError(err, t));
      } else {
        setFormError(describeError(err, t));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title={t('password.title')} narrow>
      {forced ? (
        <Notice tone="warning">
          <p>{t('password.mustChange')}</p>
        </Notice>
      ) : null}
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      <form onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy}>
        <PasswordField
          name="currentPassword"
          label={t('password.current')}
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          error={errors.currentPassword}
          showLabel={t('ui.showPassword')}
          hideLabel={t('ui.hidePassword')}
        />
        <PasswordField
          name="newPassword"
          label={t('password.new')}
          hint={t('password.hint', { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          value={next}
          onChange={setNext}
          error={errors.newPassword}
          showLabel={t('ui.showPassword')}
          hideLabel={t('ui.hidePassword')}
        />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('ui.saving') : t('password.submit')}
        </button>
      </form>
    </Page>
  );
}
