import type { Kysely } from 'kysely';
import type { Engine } from '../connection.js';

/**
 * Membership requests (đề nghị kết nạp): the officer of a group's area asks that a person
 * registered elsewhere, known to them only by citizen ID number, join the group; an officer
 * whose scope holds that person approves or declines. The number is kept sealed and as its
 * keyed hash, never in clear; the person is found through the hash when the request is read,
 * so the requester never learns whom (or whether anyone) it matched. The province is the
 * group's (the Citus distribution column).
 */
export async function up(db: Kysely<unknown>, _engine: Engine): Promise<void> {
  await db.schema
    .createTable('membership_requests')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('group_id', 'varchar(36)', (c) => c.notNull().references('groups.id'))
    .addColumn('requested_by', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('cccd_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('cccd_enc', 'text', (c) => c.notNull())
    .addColumn('cccd_last4', 'varchar(4)', (c) => c.notNull())
    .addColumn('role', 'varchar(20)', (c) => c.notNull())
    .addColumn('valid_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('person_id', 'varchar(36)', (c) => c.references('people.id'))
    .addColumn('membership_id', 'varchar(36)')
    .addColumn('decided_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('decided_at', 'varchar(30)')
    .addColumn('reason', 'varchar(1000)')
    .addColumn('province_code', 'varchar(20)')
    .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(30)', (c) => c.notNull())
    .execute();
  // The holder's queue: pending requests by the number they name.
  await db.schema.createIndex('membership_requests_hash').on('membership_requests').columns(['cccd_hash', 'status']).execute();
  // The requester's list, and the natural key of a retried request (group, number, pending).
  await db.schema.createIndex('membership_requests_group').on('membership_requests').columns(['group_id', 'status', 'cccd_hash']).execute();
}
