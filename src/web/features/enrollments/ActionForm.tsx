/** The enrollment forms' frame: the shared inline action form, with enrollment's ids and words. */
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { InlineActionForm, useInlineActionForm, type InlineActionFormProps } from '../../ui/InlineActionForm.tsx';

export const fieldId = (path: string) => `enr-${path}`;

export function useActionForm(onDone: (message: string) => void) {
  const { t } = useI18n();
  return useInlineActionForm(onDone, (err) =>
    err.code === 'stale_version' ? t('enrollments.conflict') : err.code === 'already_enrolled' ? t('enrollments.alreadyEnrolled') : err.message,
  );
}

export function ActionFormShell(props: InlineActionFormProps) {
  const { t } = useI18n();
  return <InlineActionForm {...props} className="enr-form" titleId="enr-form-title" fieldId={fieldId} reloadLabel={t('enrollments.reload')} />;
}
