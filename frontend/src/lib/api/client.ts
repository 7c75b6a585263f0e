import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** The typed API client (generated types, no hand-written API types). */
export type Api = ReturnType<typeof createClient<paths>>;

export interface ClientOptions {
  baseUrl: string;
  /** The fetch to use; resolved on every call so tests can stub `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  credentials?: RequestCredentials;
}

/** A bare client without authentication (the session wraps `fetch` to add it). */
export function createApi(options: ClientOptions): Api {
  const doFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  return createClient<paths>({
    baseUrl: options.baseUrl,
    credentials: options.credentials ?? 'same-origin',
    fetch: (request: Request) => doFetch(request),
  });
}
