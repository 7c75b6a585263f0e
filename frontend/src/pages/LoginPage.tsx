import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { PageHeading } from '../components/PageHeading';
import { PublicFrame } from '../components/PublicFrame';
import { ApiError } from '../lib/api/errors';
import { useSession, useSessionState } from '../lib/auth/context';

/** Sign-in. Shows why the user is here (session expired, signed out) above the form. */
export function LoginPage() {
  const { t } = useTranslation();
  const session = useSession();
  const state = useSessionState();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (state.status === 'signedIn') {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }

  const reason = state.status === 'signedOut' ? state.reason : undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.login(username.trim(), password);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setError(t('login.wrongCredentials'));
      else if (e instanceof ApiError && e.status === 429) setError(t('login.throttled'));
      else setError(t('login.failed'));
      setBusy(false);
    }
  }

  return (
    <PublicFrame>
      <div className="card login-card">
        <PageHeading title={t('login.title')} />
        {reason && !error && (
          <p
            className={`notice ${reason === 'expired' ? 'notice-warning' : 'notice-info'}`}
            role="status"
          >
            {reason === 'expired' ? t('login.expired') : t('login.loggedOut')}
          </p>
        )}
        {error && (
          <p className="notice notice-error" role="alert">
            {error}
          </p>
        )}
        <p>{t('login.intro')}</p>
        <form onSubmit={(e) => void submit(e)} className="form">
          <div className="field">
            <label htmlFor="login-username">{t('login.username')}</label>
            <input
              id="login-username"
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
      </div>
    </PublicFrame>
  );
}
