import { useEffect, useRef, useState } from 'react';
import { authApi } from '../../api/auth.ts';
import { onServerResponse } from '../../api/client.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { createStampStore, idleAction } from './idle.ts';
import { useSession } from './SessionProvider.tsx';

const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'touchstart', 'wheel'] as const;
const TICK_MS = 5000;

/** Watches for inactivity while signed in; see idle.ts for the rules. */
export function IdleWatcher({ timeoutSeconds }: { timeoutSeconds: number }) {
  const t = useT();
  const { signOut } = useSession();
  const [warning, setWarning] = useState(false);
  const store = useRef(createStampStore(Date.now()));
  const pinging = useRef(false);
  const signingOut = useRef(false);

  useEffect(() => {
    const stamps = store.current;
    const onActivity = () => stamps.stamp('activity', Date.now());
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, onActivity, { passive: true, capture: true });
    const unsubscribe = onServerResponse(() => stamps.stamp('server', Date.now()));

    const check = () => {
      const action = idleAction({
        now: Date.now(),
        lastActivity: stamps.read('activity'),
        lastServerContact: stamps.read('server'),
        timeoutMs: timeoutSeconds * 1000,
      });
      setWarning(action === 'warn');
      if (action === 'signOut' && !signingOut.current) {
        signingOut.current = true;
        void signOut('idle');
      }
      if (action === 'keepAlive' && !pinging.current) {
        pinging.current = true;
        // A 401 here is handled by the session (it means the server already signed us out).
        authApi
          .keepAlive()
          .catch(() => undefined)
          .finally(() => {
            pinging.current = false;
          });
      }
    };
    const timer = setInterval(check, TICK_MS);
    document.addEventListener('visibilitychange', check);
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, onActivity, { capture: true });
      unsubscribe();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }, [timeoutSeconds, signOut]);

  if (!warning) return null;
  return (
    <div className="idle-warning" role="alert">
      <p>{t('idle.warning')}</p>
      <button
        type="button"
        className="btn btn-primary"
        onClick={() => {
          store.current.stamp('activity', Date.now());
          setWarning(false);
          void authApi.keepAlive().catch(() => undefined);
        }}
      >
        {t('idle.staySignedIn')}
      </button>
    </div>
  );
}
