import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fromPackageRoot } from '../lib/package-root.js';
import type { Deps } from '../context.js';
import type { Role } from '../../shared/users.js';
import { nationwide } from '../auth/scope.js';
import { createAccount } from '../features/users/service.js';
import { findOpenUnitByCode } from '../features/units/lookup.js';
import { importUnitsFile } from '../features/units/imports.js';
import { loadDemoRegistry } from './registry.js';
import { refreshDerived } from '../derived/refresh.js';

/** Long and easy to type; meets the password rules (the old `TuQuan@2018` held the product's name). */
export const DEMO_PASSWORD = 'Bao-ve-an-ninh-2018';

export interface DemoLogin {
  username: string;
  role: Role;
  area: string;
}

interface DemoUser {
  username: string;
  fullName: string;
  role: Role;
  unitCode: string | null;
}

/** Made before the reform, over the old Ninh Thuận: shows how a scope that ended is handled. */
const beforeReform: DemoUser[] = [{ username: 'tinh.ninhthuan', fullName: 'Trần Thị Bình', role: 'province_staff', unitCode: '58' }];

/** Today's map: Ninh Thuận is part of Khánh Hòa; 22741 is the new Phường Bảo An. */
const afterReform: DemoUser[] = [
  { username: 'quantri', fullName: 'Nguyễn Văn Quản', role: 'admin', unitCode: null },
  { username: 'tinh.khanhhoa', fullName: 'Võ Thị Hòa', role: 'province_staff', unitCode: '56' },
  { username: 'xa.baoan', fullName: 'Lê Văn Mỹ', role: 'commune_officer', unitCode: '22741' },
  { username: 'to.baoan', fullName: 'Phạm Thị Vinh', role: 'group_leader', unitCode: '22741' },
  { username: 'xem.khanhhoa', fullName: 'Hoàng Văn Sơn', role: 'viewer', unitCode: '56' },
];

export async function isEmptyForDemo(deps: Deps): Promise<boolean> {
  const unit = await deps.db.selectFrom('units').select('id').limit(1).executeTakeFirst();
  return !unit;
}

async function ensureUsers(deps: Deps, users: DemoUser[]): Promise<DemoLogin[]> {
  const logins: DemoLogin[] = [];
  for (const u of users) {
    const exists = await deps.db
      .selectFrom('users')
      .leftJoin('units', 'units.id', 'users.scope_unit_id')
      .select(['users.id', 'units.name'])
      .where('users.username', '=', u.username)
      .executeTakeFirst();
    let area = exists ? (exists.name ?? 'Toàn quốc') : 'Toàn quốc';
    if (!exists) {
      const unit = u.unitCode ? await findOpenUnitByCode(deps, u.unitCode) : null;
      if (u.unitCode && !unit) continue;
      await createAccount(deps, null, nationwide, { username: u.username, fullName: u.fullName, role: u.role, scopeUnitId: unit?.id ?? null, password: DEMO_PASSWORD }, 'system.demo_user');
      area = unit?.name ?? 'Toàn quốc';
    }
    logins.push({ username: u.username, role: u.role, area });
  }
  return logins;
}

/**
 * The demo: the official list of units, Ninh Thuận's villages, groups and members (whose census
 * for April 2018 is the brief's), the 2025 reform (so the browser shows Ninh Thuận in 2018 and the
 * same groups in Khánh Hòa today), and one account per role with a known password. Loading it
 * again changes nothing.
 */
export async function loadDemo(deps: Deps, dataDir = fromPackageRoot('data')): Promise<DemoLogin[]> {
  const read = (name: string) => readFile(resolve(dataDir, 'admin-units', name), 'utf8');
  await importUnitsFile(deps, null, await read('vn-units-2025-03-01.json'), 'vn-units-2025-03-01.json', 'official_list');
  await import('./population.js').then((m) => m.recordDemoPopulation(deps));
  const early = await ensureUsers(deps, beforeReform);
  // Groups and members of Ninh Thuận, dated, before the reform carries them over to Khánh Hòa.
  await loadDemoRegistry(deps);
  await importUnitsFile(deps, null, await read('vn-reform-2025-07-01.json'), 'vn-reform-2025-07-01.json', 'reform');
  const late = await ensureUsers(deps, afterReform);
  // Counted now rather than at the first census, so the demo's first page opens at once.
  await refreshDerived(deps);
  return [...late, ...early.map((l) => ({ ...l, area: `${l.area} (đã sáp nhập / merged 2025)` }))];
}
