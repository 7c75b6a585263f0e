import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowValue, type FieldValue, type FormApi } from '../lib/entityForm';
import { Dialog } from './Dialog';
import { ErrorView } from './ErrorView';

/**
 * The building blocks of every administration form: labelled fields whose hint and error
 * are tied to the control (`aria-describedby`, `aria-invalid`), an error summary that lists
 * every problem and jumps to its field, the `412` notice with the offer to load the current
 * state, and the dialog that holds a form. All read and write through a [`FormApi`].
 */

interface BaseProps {
  form: FormApi;
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  className?: string;
}

function describedBy(form: FormApi, name: string, hint?: string): string | undefined {
  const ids = [
    hint ? `${form.id(name)}-hint` : '',
    form.error(name) ? `${form.id(name)}-error` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return ids || undefined;
}

function Label({ form, name, label, required }: BaseProps) {
  return (
    <label htmlFor={form.id(name)}>
      {label}
      {required && <RequiredMark />}
    </label>
  );
}

function RequiredMark() {
  return (
    <span className="required-mark" aria-hidden="true">
      {' '}
      *
    </span>
  );
}

function HintAndError({ form, name, hint }: { form: FormApi; name: string; hint?: string }) {
  return (
    <>
      {hint && (
        <span className="hint" id={`${form.id(name)}-hint`}>
          {hint}
        </span>
      )}
      {form.error(name) && (
        <span className="field-error" id={`${form.id(name)}-error`}>
          {form.error(name)}
        </span>
      )}
    </>
  );
}

/** "Fields marked * are required." – shown once per form that has required fields. */
export function RequiredNote() {
  const { t } = useTranslation();
  return <p className="muted small">{t('form.requiredNote')}</p>;
}

export function TextField(
  props: BaseProps & {
    type?: 'text' | 'email' | 'password' | 'date' | 'number';
    autoComplete?: string;
    min?: number;
    max?: number;
    maxLength?: number;
  },
) {
  const { form, name, hint, required, type = 'text', className } = props;
  return (
    <div className={`field ${className ?? ''}`}>
      <Label {...props} />
      <input
        id={form.id(name)}
        name={name}
        type={type}
        value={String(form.value(name) ?? '')}
        required={required}
        autoComplete={props.autoComplete}
        min={props.min}
        max={props.max}
        maxLength={props.maxLength}
        inputMode={type === 'number' ? 'numeric' : undefined}
        aria-invalid={form.error(name) ? true : undefined}
        aria-describedby={describedBy(form, name, hint)}
        onChange={(e) => form.set(name, e.target.value)}
      />
      <HintAndError form={form} name={name} hint={hint} />
    </div>
  );
}

export function TextAreaField(props: BaseProps & { rows?: number; maxLength?: number }) {
  const { form, name, hint, required, className } = props;
  return (
    <div className={`field ${className ?? ''}`}>
      <Label {...props} />
      <textarea
        id={form.id(name)}
        name={name}
        rows={props.rows ?? 3}
        value={String(form.value(name) ?? '')}
        required={required}
        maxLength={props.maxLength}
        aria-invalid={form.error(name) ? true : undefined}
        aria-describedby={describedBy(form, name, hint)}
        onChange={(e) => form.set(name, e.target.value)}
      />
      <HintAndError form={form} name={name} hint={hint} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  disabled?: boolean;
}

export function SelectField(props: BaseProps & { options: Option[] }) {
  const { form, name, hint, required, className, options } = props;
  return (
    <div className={`field ${className ?? ''}`}>
      <Label {...props} />
      <select
        id={form.id(name)}
        name={name}
        value={String(form.value(name) ?? '')}
        required={required}
        aria-invalid={form.error(name) ? true : undefined}
        aria-describedby={describedBy(form, name, hint)}
        onChange={(e) => form.set(name, e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      <HintAndError form={form} name={name} hint={hint} />
    </div>
  );
}

export function CheckboxField(props: BaseProps & { disabled?: boolean }) {
  const { form, name, label, hint, className, disabled } = props;
  return (
    <div className={`field field-check ${className ?? ''}`}>
      <div className="check">
        <input
          id={form.id(name)}
          name={name}
          type="checkbox"
          checked={form.value(name) === true}
          disabled={disabled}
          aria-invalid={form.error(name) ? true : undefined}
          aria-describedby={describedBy(form, name, hint)}
          onChange={(e) => form.set(name, e.target.checked)}
        />
        <label htmlFor={form.id(name)}>{label}</label>
      </div>
      <HintAndError form={form} name={name} hint={hint} />
    </div>
  );
}

/** Several ids as checkboxes in a fieldset (departments, goals). */
export function CheckboxGroupField(
  props: BaseProps & {
    options: { id: number; label: string; depth?: number }[];
    columns?: boolean;
  },
) {
  const { form, name, label, hint, required, options } = props;
  const selected = (form.value(name) as number[]) ?? [];
  const toggle = (id: number) =>
    form.set(
      name,
      selected.includes(id)
        ? selected.filter((x) => x !== id)
        : [...selected, id].sort((a, b) => a - b),
    );
  return (
    <fieldset
      id={form.id(name)}
      className="field-group"
      aria-invalid={form.error(name) ? true : undefined}
      aria-describedby={describedBy(form, name, hint)}
    >
      <legend>
        {label}
        {required && <RequiredMark />}
      </legend>
      <HintAndError form={form} name={name} hint={hint} />
      <ul className={`checkbox-list ${props.columns ? 'columns' : ''}`}>
        {options.map((o) => (
          <li key={o.id} style={o.depth ? { paddingLeft: `${o.depth * 1.25}rem` } : undefined}>
            <input
              type="checkbox"
              id={`${form.id(name)}-${o.id}`}
              checked={selected.includes(o.id)}
              onChange={() => toggle(o.id)}
            />
            <label htmlFor={`${form.id(name)}-${o.id}`}>{o.label}</label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** One choice of a few, as radio buttons in a fieldset; options may carry an icon. */
export function RadioGroupField(
  props: BaseProps & { options: { value: string; label: string; icon?: ReactNode }[] },
) {
  const { form, name, label, hint, required, options } = props;
  return (
    <fieldset
      id={form.id(name)}
      className="field-group"
      aria-invalid={form.error(name) ? true : undefined}
      aria-describedby={describedBy(form, name, hint)}
    >
      <legend>
        {label}
        {required && <RequiredMark />}
      </legend>
      <HintAndError form={form} name={name} hint={hint} />
      <ul className="radio-list">
        {options.map((o) => (
          <li key={o.value}>
            <input
              type="radio"
              id={`${form.id(name)}-${o.value}`}
              name={form.id(name)}
              value={o.value}
              checked={form.value(name) === o.value}
              onChange={() => form.set(name, o.value)}
            />
            <label htmlFor={`${form.id(name)}-${o.value}`}>
              {o.icon}
              {o.label}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** Keys of errors that belong to no field (see `serverFieldErrors`). */
const GENERAL = new Set(['conflict', 'request']);

function focusField(id: string) {
  const element = document.getElementById(id);
  if (!element) return;
  const control = element.matches('input, select, textarea')
    ? element
    : element.querySelector<HTMLElement>('input, select, textarea');
  control?.focus();
}

/** Every problem of the last attempt; fields on the form are links that focus them. */
export function ErrorSummary({ form, labels }: { form: FormApi; labels: Record<string, string> }) {
  const { t } = useTranslation();
  const entries = Object.entries(form.errors);
  if (entries.length === 0) return null;
  return (
    <div className="notice notice-error" role="alert" tabIndex={-1} id={form.summaryId}>
      <p>{t('form.invalid')}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {form.fields.includes(field) ? (
              <a
                href={`#${form.id(field)}`}
                onClick={(e) => {
                  e.preventDefault();
                  focusField(form.id(field));
                }}
              >
                {labels[field] ?? field}
              </a>
            ) : labels[field] ? (
              <strong>{labels[field]}</strong>
            ) : GENERAL.has(field) ? null : (
              <code>{field}</code>
            )}
            {(form.fields.includes(field) || labels[field] || !GENERAL.has(field)) && ': '}
            {message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * After a `412`: says that someone else saved meanwhile, keeps the input, offers to load
 * the current state; once loaded, lists what changed and lets the user take it over.
 */
export function ConflictNotice({
  form,
  labels,
  show,
}: {
  form: FormApi;
  labels: Record<string, string>;
  show?: (field: string, value: FieldValue) => string;
}) {
  const { t } = useTranslation();
  const showValue = useShowValue();
  const conflict = form.conflict;
  if (!conflict) return null;
  const display = (field: string, value: FieldValue) => show?.(field, value) ?? showValue(value);
  return (
    <div className="notice notice-warning conflict" role="alert" tabIndex={-1} id={form.conflictId}>
      {!conflict.loaded ? (
        <>
          <p>{t('form.stale')}</p>
          {form.reloadCurrent && (
            <button type="button" className="button" onClick={() => void form.reloadCurrent?.()}>
              {t('form.reload')}
            </button>
          )}
        </>
      ) : (
        <>
          <p>{t('form.reloaded')}</p>
          {conflict.changed.length === 0 ? (
            <p>{t('form.nothingChanged')}</p>
          ) : (
            <ul>
              {conflict.changed.map((c) => (
                <li key={c.field}>
                  {t('form.changedField', {
                    field: labels[c.field] ?? c.field,
                    before: display(c.field, c.before),
                    after: display(c.field, c.after),
                  })}
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="button" onClick={form.takeCurrent}>
            {t('form.takeCurrent')}
          </button>
        </>
      )}
    </div>
  );
}

/** A form in a modal dialog: summary, conflict notice, fields, save and cancel. */
export function FormDialog({
  title,
  form,
  labels,
  onClose,
  submitLabel,
  intro,
  children,
  required = true,
}: {
  title: string;
  form: FormApi;
  labels: Record<string, string>;
  onClose: () => void;
  submitLabel?: string;
  intro?: ReactNode;
  children: ReactNode;
  /** Whether the form has required fields (shows the note on the asterisk). */
  required?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Dialog title={title} onClose={onClose}>
      <form className="form dialog-form" onSubmit={form.onSubmit} noValidate>
        {intro}
        {required && <RequiredNote />}
        <ErrorSummary form={form} labels={labels} />
        <ConflictNotice form={form} labels={labels} />
        {form.failure !== null && <ErrorView error={form.failure} />}
        {children}
        <div className="actions">
          <button type="submit" className="button button-primary" disabled={form.busy}>
            {form.busy ? t('form.saving') : (submitLabel ?? t('form.save'))}
          </button>
          <button type="button" className="button" onClick={onClose}>
            {t('form.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
