import { forwardRef } from 'react';
import type { InvitationLink } from '../../api/users.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { CopyField } from '../../ui/CopyField.tsx';

/** The invitation link, which the server gives out once: copy it now or make a new one later. */
export const InvitationLinkPanel = forwardRef<HTMLHeadingElement, { link: InvitationLink; name: string }>(function InvitationLinkPanel({ link, name }, ref) {
  const { t, locale } = useI18n();
  if (!link.invitationUrl) return null;
  return (
    <section className="notice notice--success" aria-labelledby="invitation-title">
      <h2 id="invitation-title" ref={ref} tabIndex={-1}>
        {t('users.invitationTitle', { name })}
      </h2>
      <p>
        <strong>{t('users.invitationOnce')}</strong>
      </p>
      <CopyField id="invitation-url" label={t('users.invitationLink')} value={link.invitationUrl} copyLabel={t('ui.copy')} copiedLabel={t('ui.copied')} copyFailedLabel={t('ui.copyFailed')} />
      {link.invitationExpiresAt ? <p>{t('users.invitationExpires', { date: formatDateTime(link.invitationExpiresAt, locale) })}</p> : null}
    </section>
  );
});
