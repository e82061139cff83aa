import type { User, Role } from '../../../shared/users.js';
import type { UnitLevel } from '../../../shared/units.js';
import type { UserWithScope } from './queries.js';

/** The API's view of a user row; never carries hashes or secrets. */
export function toUser(r: UserWithScope): User {
  return {
    id: r.id,
    username: r.username,
    fullName: r.full_name,
    email: r.email,
    phone: r.phone,
    role: r.role as Role,
    scope:
      r.scope_unit_id && r.scope_code
        ? { id: r.scope_unit_id, code: r.scope_code, name: r.scope_name ?? '', level: r.scope_level as UnitLevel, kind: r.scope_kind ?? '' }
        : null,
    disabled: r.disabled === 1,
    totpEnabled: r.totp_secret !== null,
    mustChangePassword: r.must_change_password === 1,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** What the audit log keeps of a user: the API view without timestamps that change on every login. */
export function auditUser(u: User) {
  const { lastLoginAt: _l, updatedAt: _u, createdAt: _c, ...rest } = u;
  return { ...rest, scope: u.scope ? `${u.scope.code} ${u.scope.name}` : null };
}

/** Where an audit row about this user belongs: the user, filed under their scope's area. */
export function userAuditTarget(u: { id: string; scope_path?: string | null; province_code: string | null }) {
  return { entityType: 'user', entityId: u.id, areaPath: u.scope_path ?? null, provinceCode: u.province_code };
}
