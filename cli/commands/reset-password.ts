import { resetPasswordAsSystem } from '../../src/server/features/users/system.js';
import { required, type Command } from '../args.js';
import { withDatabase } from '../database.js';

export const resetPassword: Command = {
  name: 'reset-password',
  summary: 'Gives a user a new password (one-time unless --password is given), ends its sessions and clears its failed logins.',
  usage: 'reset-password --username <name> [--password <password>]',
  options: { username: { type: 'string' }, password: { type: 'string' } },
  async run(values) {
    await withDatabase(async (deps) => {
      const result = await resetPasswordAsSystem(deps, required(values, 'username'), values.password as string | undefined);
      console.log(`Password of ${result.username} reset; all of its sessions ended.`);
      if (result.temporaryPassword) console.log(`One-time password (change at next login): ${result.temporaryPassword}`);
    });
  },
};
