/**
 * Single-click changes outside a form (delete, deactivate, submit or approve a round, remove
 * an override): one notice per page says what happened. A `409`/`422` shows the server's
 * reason in the user's language, a `412` offers to reload the stale data.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api/errors';
import type { ApiResult } from './entityForm';
import { serverFieldErrors } from './serverErrors';

export interface Notice {
  kind: 'success' | 'error' | 'stale';
  text: string;
}

export function useAction() {
  const { t } = useTranslation();
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);

  const show = (next: Notice) => {
    setNotice(next);
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  /** Runs one request; resolves `true` when it succeeded. */
  async function run<T>(
    call: () => Promise<ApiResult<T>>,
    success: string,
    after?: (data: T) => unknown,
  ): Promise<boolean> {
    setBusy(true);
    setNotice(null);
    try {
      const result = await call();
      if (result.response.ok) {
        await after?.(result.data as T);
        show({ kind: 'success', text: success });
        return true;
      }
      const error = new ApiError(result.response.status, result.error as ApiError['problem']);
      if (error.status === 409 || error.status === 422) {
        show({ kind: 'error', text: Object.values(serverFieldErrors(t, error)).join(' ') });
      } else if (error.status === 412) {
        show({ kind: 'stale', text: t('form.staleAction') });
      } else if (error.status === 403) {
        show({ kind: 'error', text: t('errors.forbidden') });
      } else if (error.status === 404) {
        show({ kind: 'error', text: t('errors.notFound') });
      } else {
        show({ kind: 'error', text: t('errors.generic', { status: error.status }) });
      }
      return false;
    } catch {
      show({ kind: 'error', text: t('errors.network') });
      return false;
    } finally {
      setBusy(false);
    }
  }

  return {
    notice,
    busy,
    noticeRef,
    run,
    /** A success message from elsewhere (e.g. a dialog that saved). */
    succeed: (text: string) => show({ kind: 'success', text }),
    clear: () => setNotice(null),
  };
}
