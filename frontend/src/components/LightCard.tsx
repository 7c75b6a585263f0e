import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useAction } from '../lib/actions';
import { etagOf } from '../lib/api/etag';
import { unwrapWithEtag } from '../lib/api/errors';
import type { MeasureDetail, MeasureLight, TrafficLight } from '../lib/api/types';
import { useApi, useUser } from '../lib/auth/context';
import { can } from '../lib/auth/permissions';
import { useEntityForm } from '../lib/entityForm';
import { dateTime } from '../lib/format';
import { useUserNames } from '../lib/queries';
import { ActionNotice } from './ActionNotice';
import { FormDialog, RadioGroupField, TextAreaField } from './FormFields';
import { LightShape, TrafficLightBadge } from './TrafficLight';

const MIN_REASON = 10;
const MAX_REASON = 2000;
const OVERRIDE_LIGHTS: TrafficLight[] = ['green', 'yellow', 'red'];

/**
 * The traffic light of a measure with its reasons. When the officer has overridden it, the
 * card shows both lights (in force and computed by the rule), the written reason, who set
 * it and when. The officer sets, changes or removes the override here; everyone else only
 * reads it.
 */
export function LightCard({
  measure,
  etag,
  onChanged,
}: {
  measure: MeasureDetail;
  etag: string | null;
  onChanged: (data: MeasureDetail, etag: string | null) => void;
}) {
  const { t } = useTranslation();
  const user = useUser();
  const api = useApi();
  const names = useUserNames(can.manageUsers(user));
  const action = useAction();
  const [editing, setEditing] = useState(false);
  const light = measure.light;
  const override = light.override;
  const mayOverride = can.overrideTrafficLight(user) && !measure.archived;

  const who = (id: number | null | undefined) =>
    (id != null ? names.get(id) : undefined) ?? t('override.byOfficer');

  async function remove() {
    if (!window.confirm(t('override.removeConfirm'))) return;
    await action.run(
      () =>
        api.DELETE('/api/v1/measures/{id}/traffic-light-override', {
          params: { path: { id: measure.id }, header: { 'If-Match': etag ?? '' } },
        }),
      t('override.removed'),
      (data) => onChanged(data, etagOf(data.version)),
    );
  }

  async function reload() {
    const fresh = unwrapWithEtag(
      await api.GET('/api/v1/measures/{id}', { params: { path: { id: measure.id } } }),
    );
    onChanged(fresh.data, fresh.etag);
  }

  return (
    <section className="card light-card" aria-labelledby="light-heading">
      <h2 id="light-heading">{t('measure.lightTitle')}</h2>
      <ActionNotice
        notice={action.notice}
        noticeRef={action.noticeRef}
        onReload={reload}
        onDismiss={action.clear}
      />
      <p className="big-light">
        <TrafficLightBadge light={light.light} overridden={Boolean(override)} />
      </p>
      {override ? (
        <dl className="facts override-facts">
          <dt>{t('override.computed')}</dt>
          <dd>
            <TrafficLightBadge light={light.computed} />
            <ul className="reasons">
              {light.reasons.map((r) => (
                <li key={r}>{t(`reason.${r}`)}</li>
              ))}
            </ul>
          </dd>
          <dt>{t('override.reason')}</dt>
          <dd className="pre-line">{t('override.quoted', { text: override.reason })}</dd>
          <dt>{t('override.setBy')}</dt>
          <dd>
            {override.at
              ? t('override.byAt', { name: who(override.by_user_id), at: dateTime(override.at) })
              : who(override.by_user_id)}
          </dd>
        </dl>
      ) : (
        <ul className="reasons">
          {light.reasons.map((r) => (
            <li key={r}>{t(`reason.${r}`)}</li>
          ))}
        </ul>
      )}
      {mayOverride && (
        <div className="actions no-print">
          <button type="button" className="button" onClick={() => setEditing(true)}>
            {override ? t('override.change') : t('override.set')}
          </button>
          {override && (
            <button
              type="button"
              className="button"
              disabled={action.busy}
              onClick={() => void remove()}
            >
              {t('override.remove')}
            </button>
          )}
        </div>
      )}
      {editing && (
        <OverrideDialog
          measure={measure}
          etag={etag}
          onClose={() => setEditing(false)}
          onSaved={(data, newEtag) => {
            setEditing(false);
            onChanged(data, newEtag);
            action.succeed(
              t('override.saved', { light: t(`light.${data.light.light ?? 'none'}`) }),
            );
          }}
        />
      )}
    </section>
  );
}

function OverrideDialog({
  measure,
  etag,
  onClose,
  onSaved,
}: {
  measure: MeasureDetail;
  etag: string | null;
  onClose: () => void;
  onSaved: (data: MeasureDetail, etag: string | null) => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const queryClient = useQueryClient();
  const toValues = (m: MeasureDetail) => ({
    light: m.light.override?.light ?? '',
    reason: m.light.override?.reason ?? '',
  });
  const form = useEntityForm({
    initial: toValues(measure),
    etag,
    validate: (v) => {
      const found: Record<string, string> = {};
      if (!v.light) found.light = t('override.chooseLight');
      if (v.reason.trim().length < MIN_REASON)
        found.reason = t('form.minLength', { min: MIN_REASON });
      return found;
    },
    submit: async (v, _base, ifMatch) => {
      return api.PUT('/api/v1/measures/{id}/traffic-light-override', {
        params: { path: { id: measure.id }, header: { 'If-Match': ifMatch ?? '' } },
        body: { light: v.light as TrafficLight, reason: v.reason.trim() },
      });
    },
    reload: async () => {
      const fresh = unwrapWithEtag(
        await api.GET('/api/v1/measures/{id}', { params: { path: { id: measure.id } } }),
      );
      queryClient.setQueryData(['measures', 'detail', measure.id], fresh);
      return { values: toValues(fresh.data), etag: fresh.etag };
    },
    onSaved: (data) => onSaved(data, etagOf(data.version)),
  });
  const labels = { light: t('override.light'), reason: t('override.reason') };
  const computed = measure.light.computed;
  return (
    <FormDialog
      title={t('override.title', { code: measure.code })}
      form={form}
      labels={labels}
      onClose={onClose}
      submitLabel={t('override.submit')}
      intro={
        <p>
          {t('override.intro', {
            light: computed ? t(`light.${computed}`) : t('light.none'),
          })}
        </p>
      }
    >
      <RadioGroupField
        form={form}
        name="light"
        label={labels.light}
        required
        options={OVERRIDE_LIGHTS.map((l) => ({
          value: l,
          label: t(`light.${l}`),
          icon: (
            <span className={`light light-${l}`}>
              <LightShape light={l} />
            </span>
          ),
        }))}
      />
      <TextAreaField
        form={form}
        name="reason"
        label={labels.reason}
        hint={t('override.reasonHint', { min: MIN_REASON, max: MAX_REASON })}
        required
        rows={5}
        maxLength={MAX_REASON}
      />
    </FormDialog>
  );
}

/**
 * A measure's light in a list: the light, and when the officer overrode it the computed
 * light next to it and the reason with who and when behind a disclosure.
 */
export function MeasureLightCell({ light }: { light: MeasureLight }) {
  const { t } = useTranslation();
  const user = useUser();
  const names = useUserNames(can.manageUsers(user));
  const override = light.override;
  return (
    <>
      <TrafficLightBadge
        light={light.light}
        overridden={Boolean(override)}
        computed={override ? light.computed : undefined}
      />
      {override && (
        <details className="override-details">
          <summary>{t('override.reason')}</summary>
          <p className="pre-line">{t('override.quoted', { text: override.reason })}</p>
          <p className="muted small">
            {t('override.byAt', {
              name:
                (override.by_user_id != null ? names.get(override.by_user_id) : undefined) ??
                t('override.byOfficer'),
              at: dateTime(override.at),
            })}
          </p>
        </details>
      )}
    </>
  );
}
