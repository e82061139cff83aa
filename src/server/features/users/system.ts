import type { Deps } from '../../context.js';
import { assertStrongPassword, hashPassword, oneTimePassword } from '../../auth/passwords.js';
import { deleteUserSessions } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import * as q from './queries.js';
import { auditUser, toUser, userAuditTarget } from './view.js';

/**
 * Recovery from the command line (a forgotten administrator password): a new password, the
 * account's sessions ended and its failed-login counters cleared.
 */
export async function resetPasswordAsSystem(deps: Deps, usernameInput: string, password?: string) {
  const username = usernameInput.trim().toLowerCase();
  const before = (await q.findUserByUsername(deps.db, username)) ?? fail('USER_NOT_FOUND');
  if (password !== undefined) assertStrongPassword(password, username);
  const temporaryPassword = password === undefined ? oneTimePassword(username) : null;
  const passwordHash = await hashPassword(password ?? temporaryPassword!);
  await deps.db.transaction().execute(async (trx) => {
    await q.updateUser(trx, before.id, {
      password_hash: passwordHash,
      must_change_password: temporaryPassword ? 1 : 0,
      updated_at: deps.clock.now().toISOString(),
    });
    await deleteUserSessions(trx, before.id);
    await trx.deleteFrom('login_failures').where('username', '=', username).execute();
    const after = (await q.findUserById(trx, before.id))!;
    await writeAudit(trx, deps, null, {
      action: 'user.reset_password',
      ...userAuditTarget(before),
      before: auditUser(toUser(before)),
      after: auditUser(toUser(after)),
    });
  });
  return { username, temporaryPassword };
}
