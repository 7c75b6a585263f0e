import { useEffect } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Loading } from '../components/Loading';
import { useSessionState } from '../lib/auth/context';
import type { ReactNode } from 'react';

/**
 * Guards the signed-in area: while the session is being restored it says so; without a
 * session it sends the user to the sign-in page (remembering where they wanted to go).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const state = useSessionState();
  const location = useLocation();
  const queryClient = useQueryClient();
  useEffect(() => {
    // Another user may sign in next: forget everything the last one could read.
    if (state.status === 'signedOut') queryClient.clear();
  }, [state.status, queryClient]);
  if (state.status === 'restoring') return <Loading />;
  if (state.status === 'signedOut') {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}
