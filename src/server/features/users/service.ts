import type { Deps, RequestContext, Actor } from '../../context.js';
import type { Db } from '../../db/connection.js';
import type { Role, UserCreate, UserListQuery, UserUpdate } from '../../../shared/users.js';
import type { UnitLevel } from '../../../shared/units.js';
import { requirePermission } from '../../auth/guard.js';
import { covers, type Scope } from '../../auth/scope.js';
import { scopeLevels } from '../../auth/permissions.js';
import { hashPassword, assertStrongPassword, oneTimePassword } from '../../auth/passwords.js';
import { deleteUserSessions } from '../../auth/sessions.js';
import { writeAudit } from '../../audit/service.js';
import { fail } from '../../lib/errors.js';
import { uuidv7 } from '../../lib/ids.js';
import { nfc, searchKey } from '../../lib/text.js';
import { today } from '../../lib/clock.js';
import { levelNames } from '../../lib/labels.js';
import { findUnit, type UnitRow } from '../units/queries.js';
import * as q from './queries.js';
import { toUser, auditUser, userAuditTarget } from './view.js';
import { listEndedScopes } from './ended-scopes.js';

/** Checks that `scope` may hand out this role over this unit, and returns the unit. */
async function checkGrant(deps: Deps, grantor: Scope, role: Role, unitId: string | null): Promise<UnitRow | null> {
  // Inside a transaction, `deps.db` must be that transaction: SQLite has one connection, and a
  // query outside the transaction would wait for it forever.
  const levels = scopeLevels[role];
  if (unitId === null) {
    if (!levels.includes(null)) fail('SCOPE_REQUIRED');
    if (grantor.path !== null) fail('ROLE_NOT_ALLOWED');
    return null;
  }
  const unit = (await findUnit(deps.db, unitId)) ?? fail('UNIT_NOT_FOUND');
  if (!covers(grantor, unit.path)) fail('ROLE_NOT_ALLOWED');
  if (!levels.includes(unit.level as UnitLevel)) {
    const named = levels.filter((l): l is UnitLevel => l !== null);
    fail('SCOPE_LEVEL', {
      levels: { vi: named.map((l) => levelNames[l].vi).join(', '), en: named.map((l) => levelNames[l].en).join(', ') },
    });
  }
  const now = today(deps.clock);
  if (unit.valid_from > now || (unit.valid_to !== null && unit.valid_to <= now)) fail('SCOPE_UNIT_CLOSED');
  return unit;
}

export interface NewAccount {
  username: string;
  fullName: string;
  email?: string | null;
  phone?: string | null;
  role: Role;
  scopeUnitId: string | null;
  password?: string;
}

/**
 * Creates an account on behalf of `grantor` (a user's scope, or the whole country for the
 * command line and the first start). Without a password a one-time one is generated and
 * must be changed at first login.
 */
export async function createAccount(deps: Deps, ctx: RequestContext | null, grantor: Scope, input: NewAccount, action = 'user.create') {
  const username = input.username.trim().toLowerCase();
  const unit = await checkGrant(deps, grantor, input.role, input.scopeUnitId);
  if (input.password !== undefined) assertStrongPassword(input.password, username);
  const temporaryPassword = input.password === undefined ? oneTimePassword(username) : null;
  const passwordHash = await hashPassword(input.password ?? temporaryPassword!);
  return deps.db.transaction().execute(async (trx) => {
    if (await q.usernameExists(trx, username)) fail('USERNAME_TAKEN', { username });
    const now = deps.clock.now().toISOString();
    const id = uuidv7();
    const fullName = nfc(input.fullName);
    await q.insertUser(trx, {
      id,
      username,
      full_name: fullName,
      full_name_search: searchKey(fullName),
      email: input.email ?? null,
      phone: input.phone ?? null,
      role: input.role,
      scope_unit_id: unit?.id ?? null,
      password_hash: passwordHash,
      must_change_password: temporaryPassword ? 1 : 0,
      disabled: 0,
      totp_secret: null,
      totp_pending_secret: null,
      totp_last_step: null,
      language: 'vi',
      province_code: unit?.province_code ?? null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    });
    const user = toUser((await q.findUserById(trx, id))!);
    await writeAudit(trx, deps, ctx, {
      action,
      entityType: 'user',
      entityId: id,
      areaPath: unit?.path ?? null,
      provinceCode: unit?.province_code ?? null,
      after: auditUser(user),
    });
    return { user, temporaryPassword };
  });
}

export function createUsersService(deps: Deps) {
  const { db, clock } = deps;

  async function loadInScope(db_: Db, actor: Actor, id: string) {
    return (await q.findUserInScope(db_, actor.scope, id)) ?? fail('USER_NOT_FOUND');
  }

  /** Applies a change to a user in scope, with its audit row, in one transaction. */
  async function change(
    ctx: RequestContext,
    id: string,
    action: string,
    build: (actor: Actor, before: NonNullable<q.UserWithScope>, trx: Db) => Promise<Partial<q.UserRow>> | Partial<q.UserRow>,
    after?: (trx: Db) => Promise<void>,
  ) {
    const actor = requirePermission(ctx, 'users.write');
    return db.transaction().execute(async (trx) => {
      const before = await loadInScope(trx, actor, id);
      const patch = await build(actor, before, trx);
      await q.updateUser(trx, id, { ...patch, updated_at: clock.now().toISOString() });
      if (after) await after(trx);
      const updated = (await q.findUserById(trx, id))!;
      const user = toUser(updated);
      await writeAudit(trx, deps, ctx, {
        action,
        ...userAuditTarget(updated),
        before: auditUser(toUser(before)),
        after: auditUser(user),
      });
      return user;
    });
  }

  return {
    async list(ctx: RequestContext, query: UserListQuery) {
      const actor = requirePermission(ctx, 'users.read');
      let unitPath: string | null = null;
      if (query.unitId) {
        const unit = await findUnit(db, query.unitId);
        if (!unit || !covers(actor.scope, unit.path)) fail('UNIT_NOT_FOUND');
        unitPath = unit.path;
      }
      // Names are compared by their search key, usernames as typed; `%` and `_` match themselves.
      const typed = query.q?.trim().toLowerCase() ?? '';
      const text = typed ? { key: searchKey(typed), raw: typed } : null;
      const { total, rows } = await q.listUsers(db, actor.scope, query, unitPath, text);
      return { items: rows.map(toUser), total, page: query.page, pageSize: query.pageSize };
    },

    async get(ctx: RequestContext, id: string) {
      const actor = requirePermission(ctx, 'users.read');
      return toUser(await loadInScope(db, actor, id));
    },

    async create(ctx: RequestContext, input: UserCreate) {
      const actor = requirePermission(ctx, 'users.write');
      return createAccount(deps, ctx, actor.scope, {
        ...input,
        email: input.email ?? null,
        phone: input.phone ?? null,
      });
    },

    update(ctx: RequestContext, id: string, input: UserUpdate) {
      return change(ctx, id, 'user.update', async (actor, before, trx) => {
        const role = input.role ?? (before.role as Role);
        const scopeUnitId = input.scopeUnitId !== undefined ? input.scopeUnitId : before.scope_unit_id;
        const grantChanges = role !== before.role || scopeUnitId !== before.scope_unit_id;
        if (grantChanges && actor.id === id) fail('CANNOT_CHANGE_SELF');
        const patch: Partial<q.UserRow> = {};
        if (grantChanges) {
          const unit = await checkGrant({ ...deps, db: trx }, actor.scope, role, scopeUnitId);
          patch.role = role;
          patch.scope_unit_id = unit?.id ?? null;
          patch.province_code = unit?.province_code ?? null;
        }
        if (input.fullName !== undefined) {
          patch.full_name = nfc(input.fullName);
          patch.full_name_search = searchKey(patch.full_name);
        }
        if (input.email !== undefined) patch.email = input.email ?? null;
        if (input.phone !== undefined) patch.phone = input.phone ?? null;
        return patch;
      });
    },

    disable(ctx: RequestContext, id: string) {
      return change(
        ctx,
        id,
        'user.disable',
        (actor) => {
          if (actor.id === id) fail('CANNOT_CHANGE_SELF');
          return { disabled: 1 };
        },
        (trx) => deleteUserSessions(trx, id),
      );
    },

    enable(ctx: RequestContext, id: string) {
      return change(ctx, id, 'user.enable', () => ({ disabled: 0 }));
    },

    async resetPassword(ctx: RequestContext, id: string) {
      // Checked before hashing, so that an anonymous caller cannot make the server hash for nothing.
      requirePermission(ctx, 'users.write');
      // The account is loaded later, in change(): a random 14-character password holding a username is a 1-in-10^20 event.
      const temporaryPassword = oneTimePassword('');
      const passwordHash = await hashPassword(temporaryPassword);
      await change(
        ctx,
        id,
        'user.reset_password',
        () => ({ password_hash: passwordHash, must_change_password: 1 }),
        (trx) => deleteUserSessions(trx, id),
      );
      return { temporaryPassword };
    },

    endedScopes(ctx: RequestContext) {
      return listEndedScopes(deps, ctx);
    },

    resetTotp(ctx: RequestContext, id: string) {
      return change(ctx, id, 'user.reset_totp', () => ({ totp_secret: null, totp_pending_secret: null, totp_last_step: null }));
    },
  };
}

