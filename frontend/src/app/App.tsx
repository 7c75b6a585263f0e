import { useEffect, useState } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { SessionProvider } from '../lib/auth/context';
import { Session } from '../lib/auth/session';
import { apiBaseUrl, isCrossOrigin } from '../lib/config';
import { AppRoutes } from './AppRoutes';
import { createQueryClient } from './queryClient';

function createSession(): Session {
  const baseUrl = apiBaseUrl();
  return new Session({
    baseUrl,
    credentials: isCrossOrigin(baseUrl) ? 'include' : 'same-origin',
  });
}

/** The whole app: session, query cache, router. */
export function App() {
  const [session] = useState(createSession);
  const [queryClient] = useState(createQueryClient);
  useEffect(() => {
    void session.restore();
  }, [session]);
  return (
    <SessionProvider session={session}>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </SessionProvider>
  );
}
