import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { Api } from '../api/client';
import type { Session, SessionState, User } from './session';

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ session, children }: { session: Session; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

export function useSessionState(): SessionState {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, session.getState);
}

/** The typed API client of the current session. */
export function useApi(): Api {
  return useSession().api;
}

/** The signed-in user; only call below the authenticated layout. */
export function useUser(): User {
  const state = useSessionState();
  if (state.status !== 'signedIn') throw new Error('useUser without a signed-in user');
  return state.user;
}
