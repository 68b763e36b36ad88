import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Permission } from '../../../core/access.ts';
import type { Me } from '../../../core/schemas.ts';
import { authApi } from '../../api/auth.ts';
import { onSessionStale, onUnauthorized, setCsrfToken } from '../../api/client.ts';

/** Why the person is on the sign-in page: shown there as a message. */
export type SignedOutReason = 'expired' | 'idle' | 'signedOut';

export interface Session {
  status: 'loading' | 'signedIn' | 'signedOut';
  me: Me | null;
  signedOutReason: SignedOutReason | null;
  /** After sign-in, accepting an invitation or changing a password. */
  signedIn: (me: Me) => void;
  /** Ends the session on the server (best effort) and forgets it here. */
  signOut: (reason: SignedOutReason) => Promise<void>;
  /** Re-reads the session from the server (e.g. after a password change). */
  refresh: () => Promise<void>;
  can: (permission: Permission) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [status, setStatus] = useState<Session['status']>('loading');
  const [signedOutReason, setReason] = useState<SignedOutReason | null>(null);

  const signedIn = useCallback((next: Me) => {
    setCsrfToken(next.csrfToken);
    setMe(next);
    setReason(null);
    setStatus('signedIn');
  }, []);

  const forget = useCallback((reason: SignedOutReason | null) => {
    setCsrfToken(null);
    setMe(null);
    setReason(reason);
    setStatus('signedOut');
  }, []);

  const refresh = useCallback(async () => {
    try {
      signedIn(await authApi.me());
    } catch {
      forget(null);
    }
  }, [signedIn, forget]);

  useEffect(() => {
    const controller = new AbortController();
    authApi.me(controller.signal).then(signedIn, () => {
      if (!controller.signal.aborted) forget(null);
    });
    return () => controller.abort();
  }, [signedIn, forget]);

  // Any API call answering 401 means the server ended the session (idle timeout, revoked).
  const statusRef = useRef(status);
  statusRef.current = status;
  useEffect(
    () =>
      onUnauthorized(() => {
        if (statusRef.current === 'signedIn') forget('expired');
      }),
    [forget],
  );

  // Signed in again in another tab (new CSRF token), or told to change the password: re-read the session.
  useEffect(() => onSessionStale(() => void refresh()), [refresh]);

  const signOut = useCallback(
    async (reason: SignedOutReason) => {
      try {
        await authApi.logout();
      } catch {
        // Already signed out on the server, or offline: forget the session here anyway.
      }
      forget(reason);
    },
    [forget],
  );

  const value = useMemo<Session>(
    () => ({
      status,
      me,
      signedOutReason,
      signedIn,
      signOut,
      refresh,
      can: (permission) => me?.permissions.includes(permission) ?? false,
    }),
    [status, me, signedOutReason, signedIn, signOut, refresh],
  );

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

/** The signed-in person; only for components rendered behind <RequireAuth>. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe must be used behind <RequireAuth>');
  return me;
}
