import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Notice } from '../lib/actions';

/** The page's one notice of the last action; a stale-data notice offers to reload. */
export function ActionNotice({
  notice,
  noticeRef,
  onReload,
  onDismiss,
}: {
  notice: Notice | null;
  noticeRef: RefObject<HTMLDivElement | null>;
  onReload?: () => unknown;
  onDismiss?: () => void;
}) {
  const { t } = useTranslation();
  if (!notice) return null;
  const kind =
    notice.kind === 'success'
      ? 'notice-success'
      : notice.kind === 'stale'
        ? 'notice-warning'
        : 'notice-error';
  return (
    <div
      className={`notice ${kind} action-notice`}
      role={notice.kind === 'success' ? 'status' : 'alert'}
      tabIndex={-1}
      ref={noticeRef}
    >
      <p>{notice.text}</p>
      {notice.kind === 'stale' && onReload && (
        <button
          type="button"
          className="button"
          onClick={() => {
            void onReload();
            onDismiss?.();
          }}
        >
          {t('form.reloadList')}
        </button>
      )}
    </div>
  );
}
