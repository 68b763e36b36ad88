import { SessionProvider } from './features/auth/SessionProvider.tsx';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import { AppRoutes } from './routes.tsx';
import { AnnouncerProvider } from './ui/Announcer.tsx';

/** The whole app without its router (the browser uses BrowserRouter, tests a MemoryRouter). */
export function App({ locale }: { locale?: string }) {
  return (
    <I18nProvider locale={locale}>
      <AnnouncerProvider>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </AnnouncerProvider>
    </I18nProvider>
  );
}
