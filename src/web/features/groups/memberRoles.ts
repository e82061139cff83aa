import type { TFunction } from 'i18next';
import type { MemberRole } from '../../../shared/people.js';

/**
 * The roles in a group, leader first. A copy of the shared list, so that the pages do not pull
 * the validation library with it; the type keeps the two in step.
 */
export const memberRoleList = ['leader', 'deputy', 'member'] as const satisfies readonly MemberRole[];

export const roleColors: Record<MemberRole, string> = { leader: 'brand', deputy: 'teal', member: 'gray' };

export function memberRoleLabel(t: TFunction, role: MemberRole): string {
  return t(`groups:members.role.${role}`);
}
