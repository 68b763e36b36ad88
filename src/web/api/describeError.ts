import type { TFunction } from '../i18n/I18nProvider.tsx';
import { isApiError, NETWORK_ERROR_CODE } from './errors.ts';

/**
 * A sentence for a person, in their language, for an error from the API.
 * Known codes are translated; anything else shows the server's own message.
 */
export function describeError(err: unknown, t: TFunction): string {
  if (!isApiError(err)) return t('error.unexpected');
  if (err.code === NETWORK_ERROR_CODE) return t('error.network');
  if (err.code === 'csrf_failed') return t('error.csrf');
  if (err.code === 'password_change_required') return t('password.mustChange');
  switch (err.status) {
    case 400:
      return err.details.length ? t('error.validation') : err.message;
    case 401:
      return t('error.unauthenticated');
    case 403:
      return t('error.forbidden');
    case 404:
      return t('error.notFound');
    case 409:
      return t('error.conflict');
    case 429:
      return t('error.tooManyRequests');
    case 503:
      return err.code === 'busy' ? t('error.busy') : t('error.server');
    default:
      return err.status >= 500 ? t('error.server') : err.message;
  }
}
