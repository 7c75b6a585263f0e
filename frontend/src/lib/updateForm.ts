/** The state of the status-update form and the PATCH body it turns into. */
import type { MeasureDetail, MilestoneRequest, UpdateMeasureRequest } from './api/types';

export interface MilestoneDraft {
  /** Stable React key (existing id or a generated one). */
  key: string;
  id?: number | null;
  title: string;
  due: string;
  done: string;
}

export interface FormState {
  status_id: number;
  progress: string;
  narrative: string;
  milestones: MilestoneDraft[];
  actual_start: string;
  actual_end: string;
}

export function formFrom(m: MeasureDetail, narrative = ''): FormState {
  return {
    status_id: m.status_id,
    progress: String(m.progress),
    narrative,
    milestones: m.milestones.map((ms) => ({
      key: `m${ms.id}`,
      id: ms.id,
      title: ms.title,
      due: ms.due,
      done: ms.done ?? '',
    })),
    actual_start: m.actual_start ?? '',
    actual_end: m.actual_end ?? '',
  };
}

function milestoneRequests(list: MilestoneDraft[]): MilestoneRequest[] {
  return list.map((ms) => ({
    ...(ms.id ? { id: ms.id } : {}),
    title: ms.title.trim(),
    due: ms.due,
    done: ms.done || null,
  }));
}

function sameMilestones(a: MilestoneDraft[], b: MilestoneDraft[]): boolean {
  return JSON.stringify(milestoneRequests(a)) === JSON.stringify(milestoneRequests(b));
}

/** The PATCH body for the user's input against the state they started from. */
export function changesFor(base: MeasureDetail, form: FormState): UpdateMeasureRequest {
  const body: UpdateMeasureRequest = {
    status_id: form.status_id,
    progress: Number(form.progress),
    narrative: form.narrative.trim(),
  };
  if (!sameMilestones(formFrom(base).milestones, form.milestones)) {
    body.milestones = milestoneRequests(form.milestones);
  }
  if ((base.actual_start ?? '') !== form.actual_start)
    body.actual_start = form.actual_start || null;
  if ((base.actual_end ?? '') !== form.actual_end) body.actual_end = form.actual_end || null;
  return body;
}
