/**
 * The server's field errors (`422`) and conflicts (`409`) in the user's language. The API
 * answers with stable codes and English messages; the codes (and the numbers inside the
 * messages) become German or English texts here, so nothing English leaks into the German
 * interface. Unknown codes fall back to the server's message.
 */
import type { TFunction } from 'i18next';
import { ApiError } from './api/errors';
import type { components } from './api/schema';

type FieldError = components['schemas']['FieldError'];
// i18next's own type: deriving it from useTranslation is too deep for tsc once the texts grow.
type T = TFunction;

/** The n-th number in a server message ("must be between 0 and 100" → 0, 100). */
function numberIn(message: string, index = 0): string {
  return message.match(/-?\d+/g)?.[index] ?? '?';
}

function conflictMessage(t: T, error: FieldError): string {
  const m = error.message;
  switch (error.field) {
    case 'code':
    case 'username':
    case 'unique':
      return t('form.server.taken');
    case 'parent_id':
      return /exist/.test(m) ? t('form.server.unknown') : t('form.server.ownAncestor');
    case 'children':
      return t('form.conflict.children', { count: Number(numberIn(m)) });
    case 'measures':
      return t('form.conflict.measures', { count: Number(numberIn(m)) });
    case 'status_updates':
      return t('form.conflict.statusUpdates', { count: Number(numberIn(m)) });
    case 'reference':
      return t('form.conflict.reference');
    case 'frozen':
      return t('form.conflict.frozen');
    case 'key':
      return t('form.conflict.key');
    case 'model_version':
      return t('form.conflict.modelVersion');
    case 'state':
      // Reporting: an answer that moved on, a round already frozen into a report.
      if (/^the answer is /.test(m)) return t('reporting.conflict.itemState');
      if (/frozen into a report/.test(m)) return t('reporting.conflict.roundFrozen');
      return t('form.conflict.state');
    case 'round_frozen':
      return t('reporting.conflict.roundFrozen');
    case 'items':
      return t('reporting.conflict.roundAnswered', { count: Number(numberIn(m)) });
    case 'withdrawn':
      return t('reporting.conflict.reportWithdrawn');
    case 'deadline':
      return t('reporting.form.deadlineAfterMeeting');
    case 'assessments':
      return t('form.conflict.assessments', { count: Number(numberIn(m)) });
    case 'department_ids':
      return t('form.conflict.departmentAssessed');
    case 'includes_administration':
      return t('form.conflict.administrationAssessed');
    default:
      return m;
  }
}

/** One field error of the server as a sentence in the current language. */
export function serverMessage(t: T, error: FieldError): string {
  const m = error.message;
  switch (error.code) {
    case 'required':
      return t('form.server.required');
    case 'too_long':
      return t('form.server.tooLong', { max: numberIn(m) });
    case 'too_short':
      return t('form.server.tooShort', { min: numberIn(m) });
    case 'out_of_range':
      return t('form.server.outOfRange', { min: numberIn(m, 0), max: numberIn(m, 1) });
    case 'unknown':
      return t('form.server.unknown');
    case 'in_future':
      return t('form.server.inFuture');
    case 'after_meeting':
      return t('reporting.form.deadlineAfterMeeting');
    case 'conflict':
      return conflictMessage(t, error);
    case 'invalid':
      if (/e-mail/.test(m)) return t('form.server.email');
      if (/spaces/.test(m)) return t('form.server.noSpaces');
      if (/own account/.test(m)) return t('form.server.ownAccount');
      return t('form.server.invalid', { message: m });
    default:
      return m;
  }
}

/** Every field error of a `422`/`409`, by field (the first message per field wins). */
export function serverFieldErrors(t: T, error: ApiError): Record<string, string> {
  const found: Record<string, string> = {};
  for (const e of error.problem?.errors ?? []) {
    found[e.field] ??= serverMessage(t, e);
  }
  if (Object.keys(found).length === 0) {
    found[error.status === 409 ? 'conflict' : 'request'] =
      error.status === 409 ? t('form.conflict.generic') : error.message;
  }
  return found;
}
