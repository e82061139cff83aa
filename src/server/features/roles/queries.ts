import type { Db } from '../../db/connection.js';

export async function listRoleSettings(db: Db) {
  return db.selectFrom('role_settings').selectAll().execute();
}

export async function roleRequiresTotp(db: Db, role: string): Promise<boolean> {
  const row = await db.selectFrom('role_settings').select('require_totp').where('role', '=', role).executeTakeFirst();
  return row?.require_totp === 1;
}

export async function upsertRoleSetting(db: Db, role: string, requireTotp: boolean, now: string): Promise<void> {
  await db
    .insertInto('role_settings')
    .values({ role, require_totp: requireTotp ? 1 : 0, updated_at: now })
    .onConflict((oc) => oc.column('role').doUpdateSet({ require_totp: requireTotp ? 1 : 0, updated_at: now }))
    .execute();
}
