import { Fragment, useId, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ActionNotice } from '../../components/ActionNotice';
import { Dialog } from '../../components/Dialog';
import { ErrorView } from '../../components/ErrorView';
import { Loading } from '../../components/Loading';
import { PageHeading } from '../../components/PageHeading';
import { ItemFlags, ItemStateBadge, RoundProgress } from '../../components/reporting/Badges';
import { TrafficLightBadge } from '../../components/TrafficLight';
import { useAction } from '../../lib/actions';
import { etagOf } from '../../lib/api/etag';
import type { TrafficLight } from '../../lib/api/types';
import { useApi, useUser } from '../../lib/auth/context';
import { date, dateTime, percent } from '../../lib/format';
import { useLookups } from '../../lib/queries';
import {
  apiErrorOf,
  reportingApi,
  useRound,
  useRoundItems,
  type ItemState,
  type ReportingItem,
  type ReportingRound,
} from '../../lib/reporting';
import { serverFieldErrors } from '../../lib/serverErrors';
import { NotFoundPage } from '../NotFoundPage';

type Filter = 'all' | ItemState | 'overdue';
const FILTERS: Filter[] = ['all', 'submitted', 'due', 'returned', 'approved', 'overdue'];

/** One reporting round: the items per department, review, reminders and freezing. */
export default function RoundDetailPage() {
  const { id: param } = useParams();
  const id = Number(param);
  const valid = Number.isInteger(id) && id > 0;
  const { t } = useTranslation();
  const round = useRound(valid ? id : 0);
  const items = useRoundItems(valid ? id : 0);
  if (!valid) return <NotFoundPage />;
  if (round.isPending) return <Loading />;
  if (round.isError) {
    return (
      <>
        <PageHeading title={t('reporting.roundTitle')} />
        <ErrorView error={round.error} onRetry={() => void round.refetch()} />
      </>
    );
  }
  return (
    <RoundView
      round={round.data.data}
      etag={round.data.etag}
      items={items.data}
      itemsError={items.error}
      onRetry={() => void items.refetch()}
    />
  );
}

function RoundView({
  round,
  etag,
  items,
  itemsError,
  onRetry,
}: {
  round: ReportingRound;
  etag: string | null;
  items: ReportingItem[] | undefined;
  itemsError: unknown;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const api = useApi();
  const queryClient = useQueryClient();
  const location = useLocation();
  const action = useAction();
  const [filter, setFilter] = useState<Filter>('all');
  const [freezing, setFreezing] = useState(false);
  const [reminding, setReminding] = useState(false);
  const [reminderText, setReminderText] = useState<{ ok: boolean; text: string } | null>(null);
  const filterId = useId();
  const officer = user.role === 'officer';
  const open = round.state === 'open';
  const opened = (location.state as { opened?: boolean } | null)?.opened;

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: ['reporting'] });
    await queryClient.invalidateQueries({ queryKey: ['notifications'] });
  };

  async function sendReminders() {
    setReminding(true);
    setReminderText(null);
    try {
      const result = await reportingApi.reminders(api, round.id);
      if (!result.data) {
        const e = apiErrorOf(result);
        setReminderText({
          ok: false,
          text:
            e.status === 409 || e.status === 422
              ? Object.values(serverFieldErrors(t, e)).join(' ')
              : t('errors.generic', { status: e.status }),
        });
        return;
      }
      const r = result.data;
      await refresh();
      setReminderText({
        ok: true,
        text:
          r.notifications_created === 0 && r.emails_sent === 0
            ? t('reporting.remindersNone')
            : t('reporting.remindersSent', {
                notifications: r.notifications_created,
                emails: r.emails_sent,
                departments: r.departments.length,
              }),
      });
    } catch {
      setReminderText({ ok: false, text: t('errors.network') });
    } finally {
      setReminding(false);
    }
  }

  const shown = (items ?? []).filter((i) =>
    filter === 'all' ? true : filter === 'overdue' ? i.overdue : i.state === filter,
  );
  const byDepartment = new Map<string, ReportingItem[]>();
  for (const item of [...shown].sort((a, b) => a.measure.code.localeCompare(b.measure.code))) {
    const list = byDepartment.get(item.department.name) ?? [];
    list.push(item);
    byDepartment.set(item.department.name, list);
  }
  const departments = [...byDepartment.entries()].sort(([a], [b]) => a.localeCompare(b));

  return (
    <div className="reporting round-detail">
      <p className="breadcrumb">
        <Link to="/berichtsrunden">{t('reporting.backToRounds')}</Link>
      </p>
      <PageHeading title={round.title} />
      {opened && (
        <p className="notice notice-success" role="status">
          {t('reporting.opened')}
        </p>
      )}
      <dl className="facts round-facts">
        <dt>{t('reporting.meeting')}</dt>
        <dd>
          {round.meeting.body}, {date(round.meeting.date)}
          {round.meeting.vorlage_number &&
            ` · ${t('reporting.vorlage', { number: round.meeting.vorlage_number })}`}
        </dd>
        <dt>{t('reporting.deadline')}</dt>
        <dd>
          {date(round.deadline)}
          {round.grace_days > 0 && ` (${t('reporting.graceDays', { count: round.grace_days })})`}
        </dd>
        <dt>{t('reporting.roundState')}</dt>
        <dd>
          {t(`reporting.roundStates.${round.state}`)}
          {round.report_id != null && (
            <>
              {' · '}
              <Link to={`/berichte/${round.report_id}`}>{t('reporting.toReport')}</Link>
            </>
          )}
        </dd>
        {round.created_by_name && (
          <>
            <dt>{t('reporting.openedBy')}</dt>
            <dd>
              {round.created_by_name}, {dateTime(round.created_at)}
            </dd>
          </>
        )}
      </dl>
      <RoundProgress counts={round.counts} />

      <ActionNotice
        notice={action.notice}
        noticeRef={action.noticeRef}
        onReload={refresh}
        onDismiss={action.clear}
      />
      {officer && open && (
        <div className="actions round-actions">
          <button
            type="button"
            className="button"
            disabled={reminding}
            onClick={() => void sendReminders()}
          >
            {reminding ? t('reporting.sending') : t('reporting.sendReminders')}
          </button>
          <button type="button" className="button button-primary" onClick={() => setFreezing(true)}>
            {t('reporting.freeze')}
          </button>
        </div>
      )}
      <div aria-live="polite" className="live-region">
        {reminderText && (
          <p className={`notice ${reminderText.ok ? 'notice-success' : 'notice-error'}`}>
            {reminderText.text}
          </p>
        )}
      </div>
      {freezing && <FreezeDialog round={round} etag={etag} onClose={() => setFreezing(false)} />}

      <h2>{t('reporting.itemsTitle')}</h2>
      <div className="field inline-field">
        <label htmlFor={filterId}>{t('reporting.filter')}</label>
        <select id={filterId} value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
          {FILTERS.map((f) => (
            <option key={f} value={f}>
              {f === 'all'
                ? t('reporting.filterAll')
                : f === 'overdue'
                  ? t('reporting.flag.overdue')
                  : t(`reporting.state.${f}`)}
            </option>
          ))}
        </select>
      </div>
      {itemsError ? (
        <ErrorView error={itemsError} onRetry={onRetry} />
      ) : !items ? (
        <Loading />
      ) : departments.length === 0 ? (
        <p>{t('reporting.noItems')}</p>
      ) : (
        departments.map(([name, list]) => (
          <DepartmentItems
            key={name}
            name={name}
            items={list}
            review={officer && open}
            onChanged={async (text) => {
              await refresh();
              action.succeed(text);
            }}
          />
        ))
      )}
    </div>
  );
}

function DepartmentItems({
  name,
  items,
  review,
  onChanged,
}: {
  name: string;
  items: ReportingItem[];
  review: boolean;
  onChanged: (text: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const [openId, setOpenId] = useState<number | null>(null);
  const submitted = items.filter((i) => i.state === 'submitted').length;
  return (
    <section className="department-items" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {name}{' '}
        <span className="muted small">
          {t('reporting.departmentCounts', {
            approved: items.filter((i) => i.state === 'approved').length,
            total: items.length,
          })}
          {submitted > 0 && ` · ${t('reporting.toReview', { count: submitted })}`}
        </span>
      </h3>
      <div className="table-wrap">
        <table className="items-table">
          <caption className="visually-hidden">{name}</caption>
          <thead>
            <tr>
              <th scope="col">{t('reporting.measure')}</th>
              <th scope="col">{t('reporting.itemState')}</th>
              <th scope="col">{t('reporting.answer')}</th>
              <th scope="col">{t('reporting.action')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <Fragment key={item.id}>
                <tr className={item.overdue ? 'row-due' : undefined}>
                  <th scope="row">
                    <Link to={`/measures/${item.measure.id}`}>{item.measure.code}</Link>{' '}
                    <span className="item-title">{item.measure.title}</span>
                  </th>
                  <td>
                    <ItemStateBadge state={item.state} /> <ItemFlags item={item} />
                  </td>
                  <td className="small">
                    {item.submitted_at
                      ? t('reporting.submittedBy', {
                          name: item.submitted_by_name ?? '–',
                          at: dateTime(item.submitted_at),
                        })
                      : item.draft?.saved_at
                        ? t('reporting.draftSaved', { at: dateTime(item.draft.saved_at) })
                        : t('reporting.noAnswer')}
                    {item.reviewed_at && (
                      <div>
                        {t('reporting.reviewedBy', {
                          name: item.reviewed_by_name ?? '–',
                          at: dateTime(item.reviewed_at),
                        })}
                      </div>
                    )}
                    {item.state === 'returned' && item.review_comment && (
                      <div className="pre-line">
                        {t('reporting.returnComment', { text: item.review_comment })}
                      </div>
                    )}
                  </td>
                  <td>
                    {review && item.state === 'submitted' && (
                      <button
                        type="button"
                        className="button"
                        aria-expanded={openId === item.id}
                        aria-controls={`review-${item.id}`}
                        aria-label={t('reporting.reviewLabel', { code: item.measure.code })}
                        onClick={() => setOpenId(openId === item.id ? null : item.id)}
                      >
                        {t('reporting.review')}
                      </button>
                    )}
                  </td>
                </tr>
                {review && item.state === 'submitted' && openId === item.id && (
                  <tr className="review-row">
                    <td colSpan={4} id={`review-${item.id}`}>
                      <ReviewPanel
                        item={item}
                        onDone={async (text) => {
                          setOpenId(null);
                          await onChanged(text);
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The submitted answer next to the published state; approve or return with a comment. */
export function ReviewPanel({
  item,
  onDone,
}: {
  item: ReportingItem;
  onDone: (text: string) => unknown;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const lookups = useLookups();
  const action = useAction();
  const prefix = useId();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const status = (sid: number | null | undefined) =>
    sid == null ? '–' : (lookups.statuses.get(sid)?.label ?? `#${sid}`);
  const draft = item.draft;

  async function approve() {
    setError(null);
    await action.run(
      () => reportingApi.approve(api, item.id, etagOf(item.version), comment.trim() || undefined),
      t('reporting.approved', { code: item.measure.code }),
      () => onDone(t('reporting.approved', { code: item.measure.code })),
    );
  }

  async function giveBack() {
    if (!comment.trim()) {
      setError(t('reporting.commentRequired'));
      commentRef.current?.focus();
      return;
    }
    setError(null);
    await action.run(
      () => reportingApi.returnItem(api, item.id, etagOf(item.version), comment.trim()),
      t('reporting.returned', { code: item.measure.code }),
      () => onDone(t('reporting.returned', { code: item.measure.code })),
    );
  }

  return (
    <div className="review-panel">
      <h4>{t('reporting.reviewTitle', { code: item.measure.code })}</h4>
      <ActionNotice notice={action.notice} noticeRef={action.noticeRef} />
      <div className="table-wrap">
        <table className="compare">
          <thead>
            <tr>
              <th scope="col">{t('update.conflictField')}</th>
              <th scope="col">{t('reporting.published')}</th>
              <th scope="col">{t('reporting.submitted')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('update.status')}</th>
              <td>{status(item.current.status_id)}</td>
              <td className={draft?.status_id !== item.current.status_id ? 'changed' : undefined}>
                {status(draft?.status_id)}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('measure.progress')}</th>
              <td>{percent(item.current.progress)}</td>
              <td className={draft?.progress !== item.current.progress ? 'changed' : undefined}>
                {percent(draft?.progress)}
                {draft?.progress != null && draft.progress !== item.current.progress && (
                  <span className="muted">
                    {' '}
                    ({draft.progress > item.current.progress ? '+' : ''}
                    {draft.progress - item.current.progress})
                  </span>
                )}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('measures.light')}</th>
              <td>
                <TrafficLightBadge light={(item.current.light ?? null) as TrafficLight | null} />
              </td>
              <td className="muted">{t('reporting.lightAfterApproval')}</td>
            </tr>
            <tr>
              <th scope="row">{t('update.narrative')}</th>
              <td className="muted">{t('reporting.narrativeInHistory')}</td>
              <td className="pre-line">{draft?.narrative || '–'}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-comment`}>{t('reporting.comment')}</label>
        <span className="hint" id={`${prefix}-hint`}>
          {t('reporting.commentHint')}
        </span>
        <textarea
          id={`${prefix}-comment`}
          ref={commentRef}
          rows={3}
          value={comment}
          maxLength={2000}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${prefix}-hint${error ? ` ${prefix}-error` : ''}`}
          onChange={(e) => setComment(e.target.value)}
        />
        {error && (
          <span className="field-error" id={`${prefix}-error`} role="alert">
            {error}
          </span>
        )}
      </div>
      <div className="actions">
        <button
          type="button"
          className="button button-primary"
          disabled={action.busy}
          onClick={() => void approve()}
        >
          {t('reporting.approve')}
        </button>
        <button
          type="button"
          className="button"
          disabled={action.busy}
          onClick={() => void giveBack()}
        >
          {t('reporting.giveBack')}
        </button>
      </div>
    </div>
  );
}

function FreezeDialog({
  round,
  etag,
  onClose,
}: {
  round: ReportingRound;
  etag: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const prefix = useId();
  const [title, setTitle] = useState(
    t('reporting.defaultReportTitle', { body: round.meeting.body, date: date(round.meeting.date) }),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const open = round.counts.total - round.counts.approved;

  async function freeze() {
    setBusy(true);
    setError(null);
    try {
      const result = await reportingApi.freeze(
        api,
        round.id,
        etag ?? etagOf(round.version),
        title.trim() || undefined,
      );
      if (result.data) {
        const report = result.data;
        await queryClient.invalidateQueries({ queryKey: ['reporting'] });
        await queryClient.invalidateQueries({ queryKey: ['reports'] });
        navigate(`/berichte/${report.id}`, { state: { frozen: true } });
        return;
      }
      const e = apiErrorOf(result);
      setError(
        e.status === 412
          ? t('form.staleAction')
          : e.status === 409 || e.status === 422
            ? Object.values(serverFieldErrors(t, e)).join(' ')
            : t('errors.generic', { status: e.status }),
      );
    } catch {
      setError(t('errors.network'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('reporting.freezeTitle')} onClose={onClose}>
      <div className="form dialog-form">
        <p>{t('reporting.freezeIntro')}</p>
        <ul>
          <li>{t('reporting.freezeImmutable')}</li>
          <li>{t('reporting.freezeHash')}</li>
          <li>{t('reporting.freezeWithdraw')}</li>
        </ul>
        {open > 0 && (
          <p className="notice notice-warning">{t('reporting.freezeOpenItems', { count: open })}</p>
        )}
        <div className="field">
          <label htmlFor={`${prefix}-title`}>{t('reporting.reportTitle')}</label>
          <input
            id={`${prefix}-title`}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
          />
        </div>
        {error && (
          <div className="notice notice-error" role="alert">
            <p>{error}</p>
          </div>
        )}
        <div className="actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void freeze()}
          >
            {busy ? t('reporting.freezing') : t('reporting.freezeConfirm')}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
