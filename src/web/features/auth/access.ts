import type { Me, Permission } from '../../../shared/auth.js';
import type { UnitLevel } from '../../../shared/units.js';

export function can(me: Me | null | undefined, permission: Permission): boolean {
  return !!me && me.permissions.includes(permission);
}

/**
 * May the user add, change or remove units of this level? `units.write` covers every level;
 * `villages.write` (commune officers) only villages and neighbourhoods. The server checks the
 * scope; this only decides which buttons to show.
 */
export function canWriteUnits(me: Me | null | undefined, level: UnitLevel): boolean {
  if (!me) return false;
  const granted: readonly string[] = me.permissions;
  return granted.includes('units.write') || (level === 'village' && granted.includes('villages.write'));
}

/** Villages of split communes are placed, and village sheets imported, by village writers and unit writers. */
export function canManageVillages(me: Me | null | undefined): boolean {
  return can(me, 'villages.write') || can(me, 'units.write');
}

/** The administrative map is national: only a nationwide unit writer imports the official list or a reform. */
export function canImportUnits(me: Me | null | undefined): boolean {
  return !!me && can(me, 'units.write') && me.scope === null;
}

/** The one page an account may use until it has done what it must (new password, second factor). */
export function forcedPath(me: Me): '/change-password' | '/security' | null {
  if (me.mustChangePassword) return '/change-password';
  if (me.mustEnrollTotp) return '/security';
  return null;
}

/** A path inside the app to return to after login; anything else (other sites, the login page) is refused. */
export function safeRedirect(target: unknown): string | null {
  if (typeof target !== 'string') return null;
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return null;
  if (target === '/login' || target.startsWith('/login?')) return null;
  return target;
}

/** Thrown by a route the user may not open; the error page explains it. */
export class ForbiddenError extends Error {
  constructor() {
    super('FORBIDDEN');
    this.name = 'ForbiddenError';
  }
}
