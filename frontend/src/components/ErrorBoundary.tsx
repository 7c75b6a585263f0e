import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function Fallback({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert">
      <p>
        <strong>{t('errors.title')}.</strong> {t('errors.unexpected')}
      </p>
      <div className="actions">
        <button type="button" className="button" onClick={onRetry}>
          {t('errors.retry')}
        </button>
        <a href="/">{t('errors.backToDashboard')}</a>
      </div>
    </div>
  );
}

/** Catches rendering errors so a broken screen says so instead of going blank. */
export class ErrorBoundary extends Component<
  { children: ReactNode; resetKey?: string },
  { failed: boolean; resetKey?: string }
> {
  state: { failed: boolean; resetKey?: string } = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  static getDerivedStateFromProps(
    props: { resetKey?: string },
    state: { failed: boolean; resetKey?: string },
  ) {
    // Navigating elsewhere gives the new screen a fresh start.
    if (props.resetKey !== state.resetKey) return { failed: false, resetKey: props.resetKey };
    return null;
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('screen failed', error, info.componentStack);
  }

  render() {
    if (this.state.failed) return <Fallback onRetry={() => this.setState({ failed: false })} />;
    return this.props.children;
  }
}
