/**
 * What the UI offers to whom. These mirror the server's policy (backend/src/domain/access.rs)
 * only to hide controls a user cannot use; the server decides every request regardless.
 */
import type { Role, User } from './session';

export interface MeasureDepartments {
  lead_department_id: number;
  participating_department_ids?: number[] | null;
}

const steering = (user: User) => user.role === 'admin' || user.role === 'officer';

export const can = {
  /** Structure: strategy, goals, departments, statuses, measures' master data, users. */
  manageStructure: steering,
  readAudit: steering,
  manageUsers: steering,
  overrideTrafficLight: (user: User) => user.role === 'officer',
  /** Create or change an account with `role` (only admins touch admins). */
  assignRole: (user: User, role: Role) =>
    user.role === 'admin' || (user.role === 'officer' && role !== 'admin'),
  /** Maturity models, rounds (create, submit, delete), findings. */
  manageMaturity: steering,
  /** Approve or reopen an assessment round. */
  approveMaturityRound: (user: User) => user.role === 'officer',
  /** Has a "My updates" work list at all. */
  haveUpdateList: (user: User) => user.role === 'editor' || user.role === 'officer',
  /** Progress, status, milestones and status updates of this measure. */
  updateMeasure(user: User, measure: MeasureDepartments): boolean {
    if (steering(user)) return true;
    if (user.role !== 'editor') return false;
    const departments = [
      measure.lead_department_id,
      ...(measure.participating_department_ids ?? []),
    ];
    return user.department_ids.some((d) => departments.includes(d));
  },
};
