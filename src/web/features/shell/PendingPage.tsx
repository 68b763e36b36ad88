import { Link } from 'react-router';
import { describeError } from '../../api/describeError.ts';
import { isApiError } from '../../api/errors.ts';
import { useI18n } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { Notice } from '../../ui/Notice.tsx';
import type { AsyncState } from '../../ui/useAsync.ts';
import { Page } from './Page.tsx';

/**
 * What a record's page shows until its data has loaded: "loading", the error, or
 * for a 404 the page's own not-found message with a way back to the caseload.
 */
export function PendingPage({ state, title, notFound }: { state: AsyncState<unknown>; title: string; notFound: string }) {
  const { t } = useI18n();
  if (state.status === 'error' && isApiError(state.error) && state.error.isNotFound) {
    return (
      <Page title={t('error.notFound')}>
        <p>{notFound}</p>
        <p>
          <Link to="/participants">{t('participant.backToCaseload')}</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={title}>
      {state.status === 'error' ? (
        <Notice tone="error" live="assertive">
          <p>{describeError(state.error, t)}</p>
        </Notice>
      ) : (
        <Loading label={t('app.loading')} />
      )}
    </Page>
  );
}
