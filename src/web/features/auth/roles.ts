import type { Role } from '../../../shared/users.js';

/**
 * The roles in their usual order. The shared module holds the same list next to its validation
 * schemas; this copy keeps the validation library out of the first screen, and a test keeps the
 * two equal.
 */
export const roleIds = ['admin', 'province_staff', 'commune_officer', 'group_leader', 'viewer'] as const satisfies readonly Role[];
