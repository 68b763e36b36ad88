/**
 * The outcome pages load on first visit: their charting library is most of
 * their weight, and people who never open a report need not download it.
 */
import { lazy, Suspense } from 'react';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Loading } from '../../ui/Loading.tsx';

const Dashboard = lazy(() => import('./DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));
const ProgramReport = lazy(() => import('./ProgramReportPage.tsx').then((m) => ({ default: m.ProgramReportPage })));

function Pending() {
  const t = useT();
  return <Loading label={t('app.loading')} />;
}

export function DashboardRoute() {
  return (
    <Suspense fallback={<Pending />}>
      <Dashboard />
    </Suspense>
  );
}

export function ProgramReportRoute() {
  return (
    <Suspense fallback={<Pending />}>
      <ProgramReport />
    </Suspense>
  );
}
