import type { Permission } from '../../shared/auth.js';
import type { Role } from '../../shared/users.js';
import type { UnitLevel } from '../../shared/units.js';

/** What each role may do; *where* it may do it is its Scope. */
export const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: ['users.read', 'users.write', 'units.read', 'units.write', 'villages.write', 'model_types.write', 'groups.read', 'groups.write', 'people.reveal', 'audit.read', 'roles.write'],
  province_staff: ['users.read', 'units.read', 'groups.read'],
  commune_officer: ['users.read', 'units.read', 'villages.write', 'groups.read', 'groups.write', 'people.reveal'],
  group_leader: ['units.read', 'groups.read'],
  viewer: ['users.read', 'units.read', 'groups.read'],
};

/** The levels a role's scope unit may be at; `null` in the list allows the whole country. */
export const scopeLevels: Record<Role, readonly (UnitLevel | null)[]> = {
  admin: [null, 'province', 'district', 'commune'],
  province_staff: ['province'],
  commune_officer: ['commune', 'district'],
  group_leader: ['commune', 'village'],
  viewer: [null, 'province', 'district', 'commune', 'village'],
};

export function permissionsOf(role: Role): Permission[] {
  return [...rolePermissions[role]];
}
