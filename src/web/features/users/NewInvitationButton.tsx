import { useRef, useState } from 'react';
import type { User } from '../../../core/schemas.ts';
import { describeError } from '../../api/describeError.ts';
import { usersApi, type InvitationLink } from '../../api/users.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useFocusWhen } from '../../ui/hooks.ts';
import { Notice } from '../../ui/Notice.tsx';
import { InvitationLinkPanel } from './InvitationLinkPanel.tsx';

/** A fresh invitation link for someone who lost theirs or let it expire; the old one stops working. */
export function NewInvitationButton({ user }: { user: User }) {
  const t = useT();
  const [link, setLink] = useState<InvitationLink | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const panelRef = useRef<HTMLHeadingElement>(null);
  useFocusWhen(panelRef, link);

  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setLink(await usersApi.newInvitation(user.id));
    } catch (err) {
      setError(describeError(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" aria-labelledby="new-invitation-title">
      <h2 id="new-invitation-title">{t('users.newInvitationTitle')}</h2>
      <p>{t('users.newInvitationBody')}</p>
      {error ? (
        <Notice tone="error" live="assertive">
          <p>{error}</p>
        </Notice>
      ) : null}
      {link ? <InvitationLinkPanel ref={panelRef} link={link} name={user.name} /> : null}
      <button type="button" className="btn btn-secondary" onClick={() => void create()} disabled={busy}>
        {busy ? t('app.loading') : t('users.newInvitation')}
      </button>
    </section>
  );
}
