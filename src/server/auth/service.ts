import type { Deps, RequestContext, Actor } from '../context.js';
import type { LoginRequest, Me } from '../../shared/auth.js';
import type { Language } from '../../shared/common.js';
import type { Role } from '../../shared/users.js';
import { fail } from '../lib/errors.js';
import { findUserById, findUserByUsername, updateUser, type UserWithScope } from '../features/users/queries.js';
import { toUser, userAuditTarget } from '../features/users/view.js';
import { roleRequiresTotp } from '../features/roles/queries.js';
import { writeAudit } from '../audit/service.js';
import { permissionsOf } from './permissions.js';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.js';
import { createSession, deleteSession, deleteUserSessions, findSession } from './sessions.js';
import { clearFailures, recordFailure, throttleWait } from './throttle.js';
import { claimTotpStep, matchTotp, newTotpSecret, totpSetupPayload } from './totp.js';
import { nationwide, type Scope } from './scope.js';
import type { Db } from '../db/connection.js';
import { predecessorPaths, successorsAt } from '../features/units/lineage.js';
import { findUnit } from '../features/units/queries.js';
import type { Permission } from '../../shared/auth.js';
import type { UnitLevel } from '../../shared/units.js';
import { today } from '../lib/clock.js';
import { addDays } from '../lib/dates.js';
import { PASSWORD_MIN_LENGTH, passwordLength } from '../../shared/passwords.js';

export interface SessionState {
  sessionId: string;
  csrfToken: string;
  actor: Actor;
  /** Only the account pages are open until the password is changed / TOTP enrolled. */
  pending: 'password' | 'totp' | null;
}

async function scopeOf(db: Db, u: NonNullable<UserWithScope>, day: string): Promise<Scope> {
  if (!u.scope_unit_id || !u.scope_path) return nationwide;
  const unit = await findUnit(db, u.scope_unit_id);
  const endedOn = unit?.valid_to && unit.valid_to <= day ? unit.valid_to : null;
  return { unitId: u.scope_unit_id, path: u.scope_path, inherited: await predecessorPaths(db, u.scope_unit_id), endedOn };
}

/** What a role may do; a user whose area has ended reads only, until an administrator re-scopes them. */
function permissionsIn(role: Role, scope: Scope): Permission[] {
  const all = permissionsOf(role);
  return scope.endedOn ? all.filter((p) => READ_ONLY.includes(p)) : all;
}
const READ_ONLY: readonly Permission[] = ['users.read', 'units.read', 'groups.read', 'audit.read'];

async function actorOf(db: Db, u: NonNullable<UserWithScope>, day: string): Promise<Actor> {
  const role = u.role as Role;
  const scope = await scopeOf(db, u, day);
  return { id: u.id, username: u.username, role, scope, provinceCode: scope.path === null ? null : u.province_code, permissions: new Set(permissionsIn(role, scope)) };
}

/** The user's area ended: when, and the units that took its place today. */
async function scopeEndedOf(db: Db, scope: Scope, day: string): Promise<Me['scopeEnded']> {
  if (!scope.endedOn || !scope.unitId) return null;
  const unit = (await findUnit(db, scope.unitId))!;
  const successors = await successorsAt(db, unit, day);
  return {
    on: scope.endedOn,
    lastDay: addDays(scope.endedOn, -1),
    successors: successors.map((s) => ({ id: s.unit.id, code: s.unit.code, name: s.unit.name, level: s.unit.level as UnitLevel, kind: s.unit.kind })),
  };
}

export function createAuthService(deps: Deps) {
  const { db, clock } = deps;

  async function meOf(u: NonNullable<UserWithScope>): Promise<Me> {
    const totpRequired = await roleRequiresTotp(db, u.role);
    const day = today(clock);
    const scope = await scopeOf(db, u, day);
    return {
      ...toUser(u),
      permissions: permissionsIn(u.role as Role, scope),
      scopeEnded: await scopeEndedOf(db, scope, day),
      totpRequired,
      mustEnrollTotp: totpRequired && u.totp_secret === null,
      language: u.language === 'en' ? 'en' : 'vi',
    };
  }

  async function loadUser(id: string) {
    return (await findUserById(db, id)) ?? fail('UNAUTHENTICATED');
  }

  function auditActor(u: { id: string; username: string }) {
    return { id: u.id, username: u.username };
  }

  return {
    /** The session behind a cookie token, with the user as services see them. */
    async resolve(token: string): Promise<SessionState | null> {
      const session = await findSession(db, clock, token);
      if (!session) return null;
      const u = await findUserById(db, session.userId);
      if (!u || u.disabled === 1) {
        await deleteSession(db, session.id);
        return null;
      }
      const totpRequired = await roleRequiresTotp(db, u.role);
      const pending = u.must_change_password === 1 ? 'password' : totpRequired && u.totp_secret === null ? 'totp' : null;
      return { sessionId: session.id, csrfToken: session.csrfToken, actor: await actorOf(db, u, today(clock)), pending };
    },

    async login(ctx: RequestContext, input: LoginRequest, userAgent: string | null) {
      const username = input.username.trim().toLowerCase();
      const ip = ctx.ip ?? 'unknown';
      const wait = await throttleWait(db, clock, username, ip);
      if (wait > 0) fail('LOGIN_THROTTLED', { seconds: wait }, { retryAfterSeconds: wait });
      const u = await findUserByUsername(db, username);
      const passwordOk = await verifyPassword(u?.password_hash, input.password);
      if (!u || !passwordOk) {
        await recordFailure(db, clock, username, ip);
        if (u) {
          await writeAudit(db, deps, ctx, {
            action: 'auth.login_failed',
            ...userAuditTarget(u),
            actorOverride: auditActor(u),
            after: { reason: 'password' },
          });
        }
        fail('INVALID_CREDENTIALS');
      }
      if (u.disabled === 1) fail('ACCOUNT_DISABLED');
      if (u.totp_secret) {
        if (!input.totp) fail('TOTP_REQUIRED');
        const step = await matchTotp(u.totp_secret, input.totp, clock.now());
        if (step === null || !(await claimTotpStep(db, u.id, step))) {
          await recordFailure(db, clock, username, ip);
          await writeAudit(db, deps, ctx, {
            action: 'auth.login_failed',
            ...userAuditTarget(u),
            actorOverride: auditActor(u),
            after: { reason: 'totp' },
          });
          fail('TOTP_INVALID');
        }
      }
      const { token, csrfToken } = await db.transaction().execute(async (trx) => {
        const created = await createSession(trx, clock, u.id, { ip: ctx.ip, userAgent });
        await updateUser(trx, u.id, { last_login_at: clock.now().toISOString() });
        await clearFailures(trx, username, ip);
        await writeAudit(trx, deps, ctx, {
          action: 'auth.login',
          ...userAuditTarget(u),
          actorOverride: auditActor(u),
        });
        return created;
      });
      return { token, session: { user: await meOf(await loadUser(u.id)), csrfToken } };
    },

    async logout(ctx: RequestContext, state: SessionState) {
      await db.transaction().execute(async (trx) => {
        await deleteSession(trx, state.sessionId);
        await writeAudit(trx, deps, ctx, {
          action: 'auth.logout',
          entityType: 'user',
          entityId: state.actor.id,
          areaPath: state.actor.scope.path,
        });
      });
    },

    async me(state: SessionState) {
      return { user: await meOf(await loadUser(state.actor.id)), csrfToken: state.csrfToken };
    },

    /**
     * A wrong current password counts as a failed login of the account from that address, so a
     * stolen session cannot guess the password here faster than at the login form.
     */
    async changePassword(ctx: RequestContext, state: SessionState, currentPassword: string, newPassword: string) {
      const u = await loadUser(state.actor.id);
      const ip = ctx.ip ?? 'unknown';
      const wait = await throttleWait(db, clock, u.username, ip);
      if (wait > 0) fail('PASSWORD_THROTTLED', { seconds: wait }, { retryAfterSeconds: wait });
      if (!(await verifyPassword(u.password_hash, currentPassword))) {
        await recordFailure(db, clock, u.username, ip);
        await writeAudit(db, deps, ctx, { action: 'auth.login_failed', ...userAuditTarget(u), after: { reason: 'password_change' } });
        fail('WRONG_PASSWORD');
      }
      // The shorter minimum holds only for an account whose second factor is already enrolled.
      assertStrongPassword(newPassword, u.username, u.totp_secret !== null);
      if (await verifyPassword(u.password_hash, newPassword)) fail('PASSWORD_REUSED');
      const passwordHash = await hashPassword(newPassword);
      await db.transaction().execute(async (trx) => {
        await updateUser(trx, u.id, { password_hash: passwordHash, must_change_password: 0, updated_at: clock.now().toISOString() });
        await clearFailures(trx, u.username, ip);
        // Other sessions (another browser, a thief) end; this one goes on.
        await deleteUserSessions(trx, u.id, state.sessionId);
        await writeAudit(trx, deps, ctx, {
          action: 'auth.password_change',
          ...userAuditTarget(u),
        });
      });
    },

    async setPreferences(ctx: RequestContext, state: SessionState, language: Language) {
      const u = await loadUser(state.actor.id);
      await db.transaction().execute(async (trx) => {
        await updateUser(trx, u.id, { language });
        await writeAudit(trx, deps, ctx, {
          action: 'auth.preferences',
          ...userAuditTarget(u),
          before: { language: u.language },
          after: { language },
        });
      });
    },

    async totpSetup(state: SessionState, password: string | undefined) {
      const u = await loadUser(state.actor.id);
      if (u.totp_secret !== null && !(password !== undefined && (await verifyPassword(u.password_hash, password)))) fail('WRONG_PASSWORD');
      const secret = newTotpSecret();
      await updateUser(db, u.id, { totp_pending_secret: secret });
      return totpSetupPayload(secret, u.username);
    },

    async totpEnable(ctx: RequestContext, state: SessionState, code: string) {
      const u = await loadUser(state.actor.id);
      if (!u.totp_pending_secret) fail('TOTP_NOT_SET_UP');
      const step = await matchTotp(u.totp_pending_secret, code, clock.now());
      if (step === null) fail('TOTP_INVALID');
      await db.transaction().execute(async (trx) => {
        await updateUser(trx, u.id, {
          totp_secret: u.totp_pending_secret,
          totp_pending_secret: null,
          totp_last_step: step,
          updated_at: clock.now().toISOString(),
        });
        await writeAudit(trx, deps, ctx, {
          action: 'auth.totp_enable',
          ...userAuditTarget(u),
          before: { totpEnabled: u.totp_secret !== null },
          after: { totpEnabled: true },
        });
      });
    },

    async totpDisable(ctx: RequestContext, state: SessionState, password: string) {
      const u = await loadUser(state.actor.id);
      if (!(await verifyPassword(u.password_hash, password))) fail('WRONG_PASSWORD');
      if (await roleRequiresTotp(db, u.role)) fail('TOTP_REQUIRED_BY_ROLE');
      // A password set under the shorter minimum allowed with a second factor is not enough alone.
      if (passwordLength(password) < PASSWORD_MIN_LENGTH) fail('TOTP_DISABLE_SHORT_PASSWORD', { min: PASSWORD_MIN_LENGTH });
      await db.transaction().execute(async (trx) => {
        await updateUser(trx, u.id, { totp_secret: null, totp_pending_secret: null, totp_last_step: null, updated_at: clock.now().toISOString() });
        await writeAudit(trx, deps, ctx, {
          action: 'auth.totp_disable',
          ...userAuditTarget(u),
          before: { totpEnabled: u.totp_secret !== null },
          after: { totpEnabled: false },
        });
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
