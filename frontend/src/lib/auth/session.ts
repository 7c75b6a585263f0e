import type { components } from '../api/schema';
import { createApi, type Api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';

/** The signed-in user as the API describes them. */
export type User = components['schemas']['MeResponse'];
export type Role = components['schemas']['Role'];

/** Why the user is looking at the sign-in page. */
export type SignedOutReason = 'expired' | 'loggedOut' | undefined;

export type SessionState =
  | { status: 'restoring' }
  | { status: 'signedOut'; reason: SignedOutReason }
  | { status: 'signedIn'; user: User };

const AUTH_PATH = '/api/v1/auth/';

/**
 * The browser session. The access token lives in this object only (memory, never storage);
 * the refresh token is an HttpOnly cookie the browser sends to `/api/v1/auth/refresh`.
 * A `401` from any API call triggers one refresh and a retry; if that fails the session
 * ends with reason `expired` and the app shows the sign-in page with a message.
 */
export class Session {
  readonly api: Api;
  private token: string | null = null;
  private state: SessionState = { status: 'restoring' };
  private readonly listeners = new Set<() => void>();
  private refreshing: Promise<boolean> | null = null;
  private readonly baseFetch: (request: Request) => Promise<Response>;

  constructor(options: {
    baseUrl: string;
    credentials?: RequestCredentials;
    fetch?: (request: Request) => Promise<Response>;
  }) {
    this.baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));
    this.api = createApi({
      baseUrl: options.baseUrl,
      credentials: options.credentials,
      fetch: (request) => this.authorizedFetch(request),
    });
  }

  getState = (): SessionState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current access token (for tests and diagnostics; never persist it). */
  accessToken(): string | null {
    return this.token;
  }

  private setState(state: SessionState) {
    this.state = state;
    for (const listener of this.listeners) listener();
  }

  private withToken(request: Request): Request {
    if (!this.token) return request;
    const headers = new Headers(request.headers);
    headers.set('Authorization', `Bearer ${this.token}`);
    return new Request(request, { headers });
  }

  private async authorizedFetch(request: Request): Promise<Response> {
    const isAuthCall = new URL(request.url).pathname.startsWith(AUTH_PATH);
    const retry = isAuthCall ? null : request.clone();
    const response = await this.baseFetch(this.withToken(request));
    if (response.status !== 401 || retry === null || this.state.status !== 'signedIn') {
      return response;
    }
    if (await this.refresh()) {
      const second = await this.baseFetch(this.withToken(retry));
      if (second.status !== 401) return second;
    }
    this.expire();
    return response;
  }

  /** On start: turn the refresh cookie (if any) into a session. */
  async restore(): Promise<void> {
    const ok = await this.refresh();
    if (!ok && this.state.status === 'restoring') {
      this.setState({ status: 'signedOut', reason: undefined });
    }
  }

  /** Single-flight refresh; true when a new access token was obtained. */
  private refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          const result = await this.api.POST('/api/v1/auth/refresh');
          if (!result.data) return false;
          this.token = result.data.access_token;
          this.setState({ status: 'signedIn', user: result.data.user });
          return true;
        } catch {
          return false;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }

  /** Sign in; throws [`ApiError`] (401 wrong credentials, 429 throttled, …). */
  async login(username: string, password: string): Promise<User> {
    const data = unwrap(
      await this.api.POST('/api/v1/auth/login', { body: { username, password } }),
    );
    this.token = data.access_token;
    this.setState({ status: 'signedIn', user: data.user });
    return data.user;
  }

  /** Sign out: ends the server session and forgets the access token. */
  async logout(): Promise<void> {
    try {
      await this.api.POST('/api/v1/auth/logout');
    } catch (error) {
      // Signing out locally matters more than the server's answer.
      if (!(error instanceof ApiError)) console.warn('logout failed', error);
    }
    this.token = null;
    this.setState({ status: 'signedOut', reason: 'loggedOut' });
  }

  /** The session ended on the server (refresh refused): back to sign-in with a message. */
  expire(): void {
    this.token = null;
    if (this.state.status !== 'signedOut') {
      this.setState({ status: 'signedOut', reason: 'expired' });
    }
  }
}
