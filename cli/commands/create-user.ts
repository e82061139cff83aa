import { roles, type Role } from '../../src/shared/users.js';
import { nationwide } from '../../src/server/auth/scope.js';
import { createAccount } from '../../src/server/features/users/service.js';
import { findOpenUnitByCode } from '../../src/server/features/units/lookup.js';
import { UsageError, required, type Command } from '../args.js';
import { withDatabase } from '../database.js';

export const createUser: Command = {
  name: 'create-user',
  summary: 'Creates a user. Without --password a one-time password is printed, to be changed at first login.',
  usage: `create-user --username <name> --full-name "<full name>" --role <${roles.join('|')}> [--scope <unit code>] [--password <password>]`,
  options: {
    username: { type: 'string' },
    'full-name': { type: 'string' },
    role: { type: 'string' },
    scope: { type: 'string' },
    password: { type: 'string' },
  },
  async run(values) {
    const role = required(values, 'role') as Role;
    if (!roles.includes(role)) throw new UsageError(`--role must be one of ${roles.join(', ')}.`);
    await withDatabase(async (deps) => {
      const scopeCode = values.scope as string | undefined;
      const unit = scopeCode ? await findOpenUnitByCode(deps, scopeCode) : null;
      if (scopeCode && !unit) throw new UsageError(`No unit with code ${scopeCode} is valid today.`);
      const { user, temporaryPassword } = await createAccount(deps, null, nationwide, {
        username: required(values, 'username'),
        fullName: required(values, 'full-name'),
        role,
        scopeUnitId: unit?.id ?? null,
        password: values.password as string | undefined,
      });
      console.log(`Created ${user.username} (${user.role}, ${user.scope ? `${user.scope.code} ${user.scope.name}` : 'toàn quốc'}).`);
      if (temporaryPassword) console.log(`One-time password: ${temporaryPassword}`);
    });
  },
};
