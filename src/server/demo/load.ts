import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Deps } from '../context.js';
import type { Role } from '../../shared/users.js';
import { nationwide } from '../auth/scope.js';
import { createAccount } from '../features/users/service.js';
import { loadOfficialList, officialList, OFFICIAL_LIST_FROM } from '../features/units/official-list.js';

export const DEMO_PASSWORD = 'TuQuan@2018';

export interface DemoLogin {
  username: string;
  role: Role;
  area: string;
}

/** Units by code in the demo (all from the official list). */
const demoUsers: { username: string; fullName: string; role: Role; unitCode: string | null }[] = [
  { username: 'quantri', fullName: 'Nguyễn Văn Quản', role: 'admin', unitCode: null },
  { username: 'tinh.ninhthuan', fullName: 'Trần Thị Bình', role: 'province_staff', unitCode: '58' },
  { username: 'xa.phuocmy', fullName: 'Lê Văn Mỹ', role: 'commune_officer', unitCode: '22741' },
  { username: 'to.dovinh', fullName: 'Phạm Thị Vinh', role: 'group_leader', unitCode: '22738' },
  { username: 'xem.ninhson', fullName: 'Hoàng Văn Sơn', role: 'viewer', unitCode: '585' },
  { username: 'tinh.khanhhoa', fullName: 'Võ Thị Hòa', role: 'province_staff', unitCode: '56' },
];

export async function isEmptyForDemo(deps: Deps): Promise<boolean> {
  const unit = await deps.db.selectFrom('units').select('id').limit(1).executeTakeFirst();
  return !unit;
}

/**
 * The demo: Ninh Thuận (and its neighbour Khánh Hòa, to show that scopes keep provinces apart)
 * from the official list, and one account per role with a known password.
 */
export async function loadDemo(deps: Deps, dataDir = resolve('data')): Promise<DemoLogin[]> {
  const raw = JSON.parse(await readFile(resolve(dataDir, 'admin-units/vn-units-2025-03-01.json'), 'utf8'));
  await loadOfficialList(deps, officialList.parse(raw), ['58', '56']);
  const logins: DemoLogin[] = [];
  for (const u of demoUsers) {
    const unit = u.unitCode
      ? await deps.db
          .selectFrom('units')
          .select(['id', 'name'])
          .where('code', '=', u.unitCode)
          .where('valid_from', '=', OFFICIAL_LIST_FROM)
          .executeTakeFirstOrThrow()
      : null;
    const exists = await deps.db.selectFrom('users').select('id').where('username', '=', u.username).executeTakeFirst();
    if (!exists) {
      await createAccount(deps, null, nationwide, {
        username: u.username,
        fullName: u.fullName,
        role: u.role,
        scopeUnitId: unit?.id ?? null,
        password: DEMO_PASSWORD,
      }, 'system.demo_user');
    }
    logins.push({ username: u.username, role: u.role, area: unit?.name ?? 'Toàn quốc' });
  }
  return logins;
}
