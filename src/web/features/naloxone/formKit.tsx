/** What the naloxone forms share: the frame, the 409 words, option lists and number parsing. */
import { NALOXONE_PRODUCTS, type LotStock } from '../../../core/naloxone.ts';
import { formatDate } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { InlineActionForm, useInlineActionForm, type InlineActionFormProps } from '../../ui/InlineActionForm.tsx';

export const fieldId = (path: string) => `naloxone-${path}`;

export interface FormProps {
  onDone: (message: string) => void;
  onCancel: () => void;
  /** After a 409: fetch the latest and close the form. */
  onReload: () => void;
}

export function useNaloxoneForm(onDone: (message: string) => void) {
  const { t } = useI18n();
  return useInlineActionForm(onDone, (err) => (err.code === 'stale_version' ? t('naloxone.conflict') : err.message));
}

export function FormShell(props: InlineActionFormProps) {
  const { t } = useI18n();
  return <InlineActionForm {...props} className="naloxone-form" titleId="naloxone-form-title" fieldId={fieldId} reloadLabel={t('naloxone.reload')} />;
}

/** "12" → 12; "" → undefined (so the schema says "Required"); anything else stays text for the schema to refuse. */
export function numberOrUndefined(v: string): number | string | undefined {
  if (v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

export const orUndefined = (v: string) => (v === '' ? undefined : v);

export function useProductOptions() {
  const { t } = useI18n();
  return NALOXONE_PRODUCTS.map((p) => ({ value: p, label: t(`naloxone.product.${p}`) }));
}

/** The lots with kits on hand, as options naming lot, product, expiry and count. */
export function useLotOptions(lots: readonly LotStock[], options: { includeEmpty?: boolean } = {}) {
  const { t, locale } = useI18n();
  return lots
    .filter((l) => options.includeEmpty === true || l.onHand > 0)
    .map((l) => ({
      value: l.lotId,
      label: t('naloxone.lotOption', { lot: l.lotNumber, product: t(`naloxone.product.${l.product}`), date: formatDate(l.expiresOn, locale), count: l.onHand }),
    }));
}
