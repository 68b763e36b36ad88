import { Link } from 'react-router';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Page } from '../shell/Page.tsx';

/** The server answers 404 both for ids that do not exist and for other sites' participants. */
export function ParticipantNotFound() {
  const t = useT();
  return (
    <Page title={t('participant.notFound')}>
      <p>{t('participant.notFoundBody')}</p>
      <p>
        <Link to="/participants">{t('participant.backToCaseload')}</Link>
      </p>
    </Page>
  );
}
