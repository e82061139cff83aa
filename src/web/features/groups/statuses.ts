import type { GroupStatus } from '../../../shared/groups.js';

/**
 * The statuses in their order of gravity. A copy of the shared list, so that the router (in the
 * first screen) does not pull the validation library with it; the type keeps the two in step.
 */
export const groupStatusList = ['active', 'consolidating', 'suspended', 'dissolved'] as const satisfies readonly GroupStatus[];
