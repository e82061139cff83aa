import type { Deps } from '../../context.js';
import { nationwide } from '../../auth/scope.js';
import { countUsers } from './queries.js';
import { createAccount } from './service.js';

export interface BootstrapResult {
  username: string;
  /** Set when no password was given: printed once, to be changed at first login. */
  temporaryPassword: string | null;
}

/** On an empty database, makes the first administrator (nationwide scope). */
export async function bootstrapAdmin(deps: Deps, username = 'admin', password?: string): Promise<BootstrapResult | null> {
  if ((await countUsers(deps.db)) > 0) return null;
  const { user, temporaryPassword } = await createAccount(
    deps,
    null,
    nationwide,
    { username, fullName: 'Quản trị hệ thống', role: 'admin', scopeUnitId: null, password },
    'system.bootstrap_admin',
  );
  return { username: user.username, temporaryPassword };
}
