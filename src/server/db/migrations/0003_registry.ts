import type { Kysely } from 'kysely';
import type { Engine } from '../connection.js';

/** The five model types of the brief, built in; provinces add their own beside them. */
export const builtInModelTypes = [
  { code: 'to-tu-quan', name: 'Tổ nhân dân tự quản', report_noun: 'Tổ nhân dân tự quản', counts_members: 1, sort_order: 1 },
  { code: 'doi-dan-phong', name: 'Đội dân phòng', report_noun: 'đội dân phòng', counts_members: 1, sort_order: 2 },
  { code: 'to-an-ninh-xung-kich', name: 'Tổ an ninh xung kích', report_noun: 'tổ an ninh xung kích', counts_members: 1, sort_order: 3 },
  { code: 'toc-ho-tu-quan', name: 'Tộc họ tự quản về ANTT', report_noun: 'tộc họ tự quản về ANTT', counts_members: 0, sort_order: 4 },
  { code: 'xu-dao-binh-yen', name: 'Xứ đạo bình yên', report_noun: 'xứ đạo bình yên', counts_members: 1, sort_order: 5 },
];

/**
 * The registry: model types; groups with their area and status through time and their links;
 * people (identity numbers encrypted, found by a keyed hash) and memberships through time.
 * Every table carries the current province code (the Citus distribution column).
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('model_types')
    .addColumn('code', 'varchar(60)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('report_noun', 'varchar(200)', (c) => c.notNull())
    .addColumn('counts_members', 'integer', (c) => c.notNull())
    .addColumn('built_in', 'integer', (c) => c.notNull())
    .addColumn('retired_on', 'varchar(10)')
    .addColumn('province_code', 'varchar(20)')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  await (db as Kysely<{ model_types: Record<string, unknown> }>)
    .insertInto('model_types')
    .values(builtInModelTypes.map((t) => ({ ...t, built_in: 1, retired_on: null, province_code: null, created_at: now, updated_at: now })))
    .execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('type_code', 'varchar(60)', (c) => c.notNull().references('model_types.code'))
    .addColumn('name', 'varchar(300)', (c) => c.notNull())
    .addColumn('name_search', 'varchar(300)', (c) => c.notNull())
    .addColumn('founded_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('decision_number', 'varchar(100)')
    .addColumn('decision_date', 'varchar(10)')
    .addColumn('decision_issuer', 'varchar(200)')
    .addColumn('contact_phone', 'varchar(20)')
    .addColumn('contact_text', 'varchar(300)')
    .addColumn('notes', 'text')
    .addColumn('province_code', 'varchar(20)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('groups_province_type').on('groups').columns(['province_code', 'type_code']).execute();

  await db.schema
    .createTable('group_areas')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id'))
    .addColumn('unit_id', 'varchar(36)', (c) => c.notNull().references('units.id'))
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_to', 'varchar(10)')
    .addColumn('reason', 'varchar(300)')
    .addColumn('province_code', 'varchar(20)')
    .execute();
  await db.schema.createIndex('group_areas_group').on('group_areas').columns(['group_id', 'valid_from']).execute();
  await db.schema.createIndex('group_areas_unit').on('group_areas').columns(['unit_id', 'valid_from']).execute();

  await db.schema
    .createTable('group_statuses')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_to', 'varchar(10)')
    .addColumn('reason', 'varchar(500)')
    .addColumn('decision_number', 'varchar(100)')
    .addColumn('decision_date', 'varchar(10)')
    .addColumn('decision_issuer', 'varchar(200)')
    .addColumn('province_code', 'varchar(20)')
    .execute();
  await db.schema.createIndex('group_statuses_group').on('group_statuses').columns(['group_id', 'valid_from']).execute();

  await db.schema
    .createTable('group_links')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id'))
    .addColumn('other_group_id', 'varchar(36)', (c) => c.notNull().references('groups.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('since', 'varchar(10)')
    .addColumn('notes', 'varchar(500)')
    .addColumn('province_code', 'varchar(20)')
    .addUniqueConstraint('group_links_pair', ['group_id', 'other_group_id', 'kind'])
    .execute();

  await db.schema
    .createTable('people')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_search', 'varchar(200)', (c) => c.notNull())
    .addColumn('gender', 'varchar(10)')
    .addColumn('birth_date', 'varchar(10)')
    .addColumn('birth_year', 'integer')
    .addColumn('cccd_enc', 'varchar(200)')
    .addColumn('cccd_hash', 'varchar(64)')
    .addColumn('cccd_last4', 'varchar(4)')
    .addColumn('phone', 'varchar(20)')
    .addColumn('address_unit_id', 'varchar(36)', (c) => c.references('units.id'))
    .addColumn('address_text', 'varchar(300)')
    // Where the record belongs (the address, or the area of whoever registered it): its scope.
    .addColumn('registered_unit_id', 'varchar(36)', (c) => c.notNull().references('units.id'))
    .addColumn('occupation', 'varchar(200)')
    .addColumn('ethnicity', 'varchar(100)')
    .addColumn('religion', 'varchar(100)')
    .addColumn('sensitive_consent_at', 'varchar(30)')
    .addColumn('sensitive_consent_by', 'varchar(36)')
    .addColumn('merged_into', 'varchar(36)')
    .addColumn('province_code', 'varchar(20)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_cccd').on('people').column('cccd_hash').execute();
  await db.schema.createIndex('people_name').on('people').columns(['province_code', 'name_search']).execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id'))
    .addColumn('person_id', 'varchar(36)', (c) => c.notNull().references('people.id'))
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_to', 'varchar(10)')
    .addColumn('province_code', 'varchar(20)')
    .execute();
  await db.schema.createIndex('memberships_group').on('memberships').columns(['group_id', 'valid_from']).execute();
  await db.schema.createIndex('memberships_person').on('memberships').column('person_id').execute();
}
