import { useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import type { MfaEnrollment } from '../../../core/schemas.ts';
import { authApi } from '../../api/auth.ts';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { Page } from '../shell/Page.tsx';
import { CodeField, isSixDigits } from './CodeField.tsx';
import { RecoveryCodes } from './RecoveryCodes.tsx';
import { useSession } from './SessionProvider.tsx';
import './mfa.css';

/** Base32 in groups of four, easier to type into an app by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/** Setting up an authenticator app: the QR code (or the key written out), its first code, then the recovery codes once. */
export function MfaSetupPage() {
  const t = useT();
  const navigate = useNavigate();
  const { me, refresh } = useSession();
  const required = me?.session === 'mfa_enrollment';
  const [enrollment, setEnrollment] = useState<MfaEnrollment | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    setFormError(null);
    try {
      setEnrollment(await authApi.enrollMfa());
    } catch (err) {
      setFormError(isApiError(err) && err.code === 'mfa_already_enrolled' ? t('mfa.setup.already') : describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (e: SubmitEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!isSixDigits(code)) {
      setCodeError(t('mfa.codeStep.codeRequired'));
      document.getElementById('field-code')?.focus();
      return;
    }
    setCodeError(undefined);
    setBusy(true);
    try {
      setCodes((await authApi.confirmMfa(code)).recoveryCodes);
    } catch (err) {
      setCode('');
      if (isApiError(err) && err.status === 400 && err.details.length) {
        setCodeError(err.details[0]?.message);
        document.getElementById('field-code')?.focus();
      } else setFormError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  const done = async () => {
    await refresh();
    void navigate('/', { replace: true });
  };

  return (
    <Page title={t('mfa.setup.title')} narrow>
      {required && !codes ? (
        <Notice tone="warning">
          <p>{t('mfa.setup.required')}</p>
        </Notice>
      ) : null}
      {formError ? (
        <Notice tone="error" live="assertive">
          <p>{formError}</p>
        </Notice>
      ) : null}
      {codes ? (
        <RecoveryCodes codes={codes} email={me?.user.email ?? ''} onDone={() => void done()} />
      ) : enrollment ? (
        <>
          <section className="panel" aria-labelledby="mfa-scan">
            <h2 id="mfa-scan">{t('mfa.setup.scan')}</h2>
            <img className="mfa-qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrollment.qrSvg)}`} alt={t('mfa.setup.qrAlt')} width={224} height={224} />
            <p>{t('mfa.setup.manual')}</p>
            <p>
              <span className="visually-hidden">{t('mfa.setup.manualKey')}: </span>
              <code className="mfa-secret" data-testid="mfa-secret">
                {grouped(enrollment.secret)}
              </code>
            </p>
          </section>
          <section className="panel" aria-labelledby="mfa-enter">
            <h2 id="mfa-enter">{t('mfa.setup.enter')}</h2>
            <form onSubmit={(e) => void confirm(e)} noValidate aria-busy={busy}>
              <CodeField name="code" label={t('mfa.codeStep.code')} hint={t('mfa.codeStep.codeHint')} value={code} onChange={setCode} error={codeError} />
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? t('mfa.setup.confirming') : t('mfa.setup.confirm')}
              </button>
            </form>
          </section>
        </>
      ) : (
        <>
          <p>{t('mfa.setup.intro')}</p>
          <button type="button" className="btn btn-primary" onClick={() => void start()} disabled={busy}>
            {busy ? t('mfa.setup.starting') : t('mfa.setup.start')}
          </button>
        </>
      )}
    </Page>
  );
}
