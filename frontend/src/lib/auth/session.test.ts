import { describe, expect, it } from 'vitest';
import { FakeApi, problem } from '../../test/fakeApi';
import { token, users } from '../../test/fixtures';
import { Session } from './session';
import { BASE_URL } from '../../test/render';

describe('Session', () => {
  it('sends the access token and never stores it', async () => {
    const api = new FakeApi()
      .on('post', '/api/v1/auth/login', () => token(users.editor))
      .on('get', '/api/v1/me', () => users.editor);
    const session = new Session({ baseUrl: BASE_URL, fetch: api.fetch });
    await session.login('editor1', 'pw');
    await session.api.GET('/api/v1/me');
    expect(api.callsTo('get', '/api/v1/me')[0]?.headers.get('authorization')).toBe(
      'Bearer token-editor1',
    );
    expect(window.localStorage.length).toBe(0);
    expect(window.sessionStorage.length).toBe(0);
  });

  it('refreshes once on a 401 and retries the request', async () => {
    let meCalls = 0;
    const api = new FakeApi()
      .on('post', '/api/v1/auth/login', () => token(users.editor))
      .on('post', '/api/v1/auth/refresh', () => ({ ...token(users.editor), access_token: 'fresh' }))
      .on('get', '/api/v1/me', ({ headers }) => {
        meCalls += 1;
        return headers.get('authorization') === 'Bearer fresh'
          ? users.editor
          : problem(401, 'token_expired');
      });
    const session = new Session({ baseUrl: BASE_URL, fetch: api.fetch });
    await session.login('editor1', 'pw');
    const result = await session.api.GET('/api/v1/me');
    expect(result.data?.username).toBe('editor1');
    expect(meCalls).toBe(2);
    expect(session.getState().status).toBe('signedIn');
  });

  it('ends the session with reason "expired" when the refresh is refused', async () => {
    const api = new FakeApi()
      .on('post', '/api/v1/auth/login', () => token(users.editor))
      .on('post', '/api/v1/auth/refresh', () => problem(401, 'session_ended'))
      .on('get', '/api/v1/me', () => problem(401, 'token_expired'));
    const session = new Session({ baseUrl: BASE_URL, fetch: api.fetch });
    await session.login('editor1', 'pw');
    await session.api.GET('/api/v1/me');
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'expired' });
  });

  it('restores to signed-out without a cookie', async () => {
    const api = new FakeApi().on('post', '/api/v1/auth/refresh', () => problem(401, 'no_session'));
    const session = new Session({ baseUrl: BASE_URL, fetch: api.fetch });
    await session.restore();
    expect(session.getState()).toEqual({ status: 'signedOut', reason: undefined });
  });
});
