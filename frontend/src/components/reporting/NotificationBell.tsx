import { useEffect, useId, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi, useUser } from '../../lib/auth/context';
import { dateTime } from '../../lib/format';
import {
  reportingApi,
  useAllNotifications,
  useUnreadNotifications,
  type Notification,
} from '../../lib/reporting';
import { notificationTarget } from '../../lib/reportingView';
import '../../styles/reporting.css';

const SHOWN = 20;

/**
 * The bell in the header: the unread count (polled every minute), a panel with the latest
 * notifications, mark one or all as read. Escape or a click outside closes the panel and
 * focus returns to the bell.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const api = useApi();
  const user = useUser();
  const queryClient = useQueryClient();
  const unread = useUnreadNotifications();
  const [open, setOpen] = useState(false);
  const all = useAllNotifications(open);
  const panelId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const wrapRef = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState('');
  const count = unread.data?.length ?? 0;

  useEffect(() => {
    if (!open) return;
    headingRef.current?.focus();
    const onDown = (e: MouseEvent) => {
      if (wrapRef.current && !wrapRef.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  async function markRead(n: Notification) {
    const result = await reportingApi.readNotification(api, n.id);
    if (result.response.ok) {
      await queryClient.invalidateQueries({ queryKey: ['notifications'] });
      setStatus(t('notifications.markedOne'));
    } else setStatus(t('errors.generic', { status: result.response.status }));
  }

  async function markAll() {
    const result = await reportingApi.readAll(api);
    if (result.response.ok) {
      await queryClient.invalidateQueries({ queryKey: ['notifications'] });
      setStatus(t('notifications.markedAll'));
    } else setStatus(t('errors.generic', { status: result.response.status }));
  }

  const list = (all.data ?? unread.data ?? [])
    .slice()
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .slice(0, SHOWN);

  return (
    <div className="notification-bell" ref={wrapRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button-quiet bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={
          count === 0 ? t('notifications.buttonNone') : t('notifications.button', { count })
        }
        onClick={() => setOpen((o) => !o)}
      >
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            d="M12 2a6 6 0 0 0-6 6v4.5L4 16v1h16v-1l-2-3.5V8a6 6 0 0 0-6-6zm0 20a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22z"
            fill="currentColor"
          />
        </svg>
        {count > 0 && (
          <span className="bell-count" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        )}
      </button>
      <div id={panelId} className="notification-panel" hidden={!open}>
        <div className="notification-panel-header">
          <h2 ref={headingRef} tabIndex={-1}>
            {t('notifications.title')}
          </h2>
          {count > 0 && (
            <button type="button" className="button button-link" onClick={() => void markAll()}>
              {t('notifications.markAll')}
            </button>
          )}
        </div>
        <p className="visually-hidden" aria-live="polite">
          {status}
        </p>
        {open && list.length === 0 && (
          <p className="muted">
            {unread.isError || all.isError
              ? t('notifications.unavailable')
              : t('notifications.none')}
          </p>
        )}
        {open && list.length > 0 && (
          <ul className="notification-list">
            {list.map((n) => {
              const target = notificationTarget(n, user);
              const isUnread = !n.read_at;
              return (
                <li key={n.id} className={isUnread ? 'unread' : undefined}>
                  <p className="notification-message">
                    {isUnread && <span className="tag tag-new">{t('notifications.new')}</span>}{' '}
                    {target ? (
                      <Link
                        to={target}
                        onClick={() => {
                          if (isUnread) void markRead(n);
                          setOpen(false);
                        }}
                      >
                        {n.message}
                      </Link>
                    ) : (
                      n.message
                    )}
                  </p>
                  <p className="muted small">
                    {t(`notifications.kind.${n.kind}` as 'notifications.kind.round_opened', {
                      defaultValue: n.kind,
                    })}
                    {' · '}
                    {dateTime(n.created_at)}
                    {isUnread && (
                      <>
                        {' · '}
                        <button
                          type="button"
                          className="button-link"
                          onClick={() => void markRead(n)}
                        >
                          {t('notifications.markOne')}
                        </button>
                      </>
                    )}
                  </p>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </div>
  );
}
