import { useEffect, useState, type SubmitEvent } from 'react';
import { ROLES, type Role } from '../../../core/enums.ts';
import { authApi } from '../../api/auth.ts';
import { describeError } from '../../api/describeError.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { CheckboxGroup } from '../../ui/ChoiceGroup.tsx';
import { Notice } from '../../ui/Notice.tsx';
import { useAsync } from '../../ui/useAsync.ts';

/** The program's rule: which roles, besides program administrators, must sign in with an authenticator app. */
export function MfaPolicyPanel() {
  const t = useT();
  const policy = useAsync((signal) => authApi.mfaPolicy(signal), []);
  const [chosen, setChosen] = useState<string[]>([]);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const always = policy.data?.alwaysRequired ?? [];

  useEffect(() => {
    if (policy.data) setChosen(policy.data.requiredRoles.filter((r) => !policy.data.alwaysRequired.includes(r)));
  }, [policy.data]);

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    try {
      const saved = await authApi.setMfaPolicy(chosen as Role[]);
      policy.setData(saved);
      setMessage({ tone: 'success', text: t('mfa.policy.saved') });
    } catch (err) {
      setMessage({ tone: 'error', text: describeError(err, t) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="mfa-policy-title">
      <h2 id="mfa-policy-title">{t('mfa.policy.title')}</h2>
      <p>{t('mfa.policy.body')}</p>
      {policy.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(policy.error, t)}</p>
        </Notice>
      ) : null}
      {message ? (
        <Notice tone={message.tone} live={message.tone === 'error' ? 'assertive' : 'polite'}>
          <p>{message.text}</p>
        </Notice>
      ) : null}
      {policy.status === 'ok' ? (
        <form onSubmit={(e) => void save(e)} noValidate aria-busy={busy}>
          <CheckboxGroup
            name="mfaRoles"
            legend={t('mfa.policy.legend')}
            options={ROLES.filter((r) => !always.includes(r)).map((r) => ({ value: r, label: t(`role.${r}`) }))}
            values={chosen}
            onChange={setChosen}
          />
          <button type="submit" className="btn btn-secondary" disabled={busy}>
            {t('mfa.policy.save')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
