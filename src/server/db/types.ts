import type { Generated } from 'kysely';

/**
 * Table types. Flags are integers 0/1 and timestamps ISO UTC text on both engines, so that
 * one set of queries and one migration set serve SQLite and PostgreSQL alike.
 */
export interface UnitsTable {
  id: string;
  code: string;
  name: string;
  name_search: string;
  kind: string;
  level: string;
  parent_id: string | null;
  /** `/id/id/…/` from the province down: subtree = prefix match. A row never changes parent. */
  path: string;
  valid_from: string;
  valid_to: string | null;
  /** The province this unit lies in today (Citus distribution column). */
  province_code: string | null;
  population: number | null;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: string;
  username: string;
  full_name: string;
  full_name_search: string;
  email: string | null;
  phone: string | null;
  role: string;
  scope_unit_id: string | null;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  language: string;
  province_code: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie's token: a stolen database does not yield live sessions. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  username: string;
  ip: string;
  at: string;
}

export interface RoleSettingsTable {
  role: string;
  require_totp: number;
  updated_at: string;
}

export interface AuditLogTable {
  id: string;
  at: string;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  /** Path of the unit the change belongs to, for scoped browsing; null = national. */
  area_path: string | null;
  province_code: string | null;
  before_json: string | null;
  after_json: string | null;
  ip: string | null;
  request_id: string | null;
}

export interface UnitEventsTable {
  id: string;
  kind: string;
  effective_date: string;
  source_name: string;
  source_hash: string;
  summary_json: string;
  created_by: string | null;
  created_at: string;
}

export interface UnitLinksTable {
  id: string;
  event_id: string | null;
  from_unit_id: string;
  to_unit_id: string;
  share: string;
  effective_date: string;
  province_code: string | null;
}

export interface UnitPlacementsTable {
  id: string;
  event_id: string | null;
  village_id: string;
  from_unit_id: string;
  /** JSON array of the ids of the communes the split commune went into. */
  candidates_json: string;
  effective_date: string;
  status: string;
  placed_unit_id: string | null;
  placed_by: string | null;
  placed_at: string | null;
  province_code: string | null;
}

export interface Database {
  unit_events: UnitEventsTable;
  unit_links: UnitLinksTable;
  unit_placements: UnitPlacementsTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  role_settings: RoleSettingsTable;
  audit_log: AuditLogTable;
}
