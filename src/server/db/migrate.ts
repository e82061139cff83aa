import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseHandle } from './connection.js';
import * as m0001 from './migrations/0001_foundation.js';
import * as m0002 from './migrations/0002_unit_lineage.js';
import * as m0003 from './migrations/0003_registry.js';
import * as m0004 from './migrations/0004_census_series.js';
import * as m0005 from './migrations/0005_membership_requests.js';
import * as m0006 from './migrations/0006_audit_chain.js';
import * as m0007 from './migrations/0007_data_key_fingerprint.js';
import * as m0008 from './migrations/0008_census_reports.js';
import * as m0009 from './migrations/0009_unit_boundaries.js';
import * as m0010 from './migrations/0010_person_scopes.js';
import * as m0011 from './migrations/0011_group_scopes.js';
import * as m0012 from './migrations/0012_covering_indexes.js';

/** The migrations in order; each receives the engine for the rare statement that differs. */
const all = {
  '0001_foundation': m0001,
  '0002_unit_lineage': m0002,
  '0003_registry': m0003,
  '0004_census_series': m0004,
  '0005_membership_requests': m0005,
  '0006_audit_chain': m0006,
  '0007_data_key_fingerprint': m0007,
  '0008_census_reports': m0008,
  '0009_unit_boundaries': m0009,
  '0010_person_scopes': m0010,
  '0011_group_scopes': m0011,
  '0012_covering_indexes': m0012,
};

class CodeMigrationProvider implements MigrationProvider {
  constructor(private readonly handle: DatabaseHandle) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(all)) {
      out[name] = { up: (db) => m.up(db, this.handle.engine) };
    }
    return out;
  }
}

export interface MigrateResult {
  applied: string[];
}

export async function migrateToLatest(handle: DatabaseHandle): Promise<MigrateResult> {
  // Unless told a schema, Kysely takes its bookkeeping tables found in ANY schema for its own;
  // on a PostgreSQL database holding several schemas it must look in this connection's.
  const migrationTableSchema =
    handle.engine === 'postgres'
      ? (await sql<{ schema: string | null }>`select current_schema() as schema`.execute(handle.db)).rows[0]?.schema ?? undefined
      : undefined;
  const migrator = new Migrator({
    db: handle.db,
    provider: new CodeMigrationProvider(handle),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
