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
  /** Position in the chain (1, 2, …); null only on rows written before the chain, never since. */
  seq: number | null;
  /** The previous row's hash (64 zeros for the first row). */
  prev_hash: string | null;
  /** SHA-256 over the row's content and prev_hash (audit/chain.ts). */
  hash: string | null;
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

export interface ModelTypesTable {
  code: string;
  name: string;
  report_noun: string;
  counts_members: number;
  built_in: number;
  retired_on: string | null;
  /** The province that added the type; null for built-in and national types. */
  province_code: string | null;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface GroupsTable {
  id: string;
  type_code: string;
  name: string;
  name_search: string;
  founded_on: string;
  decision_number: string | null;
  decision_date: string | null;
  decision_issuer: string | null;
  contact_phone: string | null;
  contact_text: string | null;
  notes: string | null;
  province_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface GroupAreasTable {
  id: string;
  group_id: string;
  unit_id: string;
  valid_from: string;
  valid_to: string | null;
  reason: string | null;
  province_code: string | null;
}

export interface GroupStatusesTable {
  id: string;
  group_id: string;
  status: string;
  valid_from: string;
  valid_to: string | null;
  reason: string | null;
  decision_number: string | null;
  decision_date: string | null;
  decision_issuer: string | null;
  province_code: string | null;
}

export interface GroupLinksTable {
  id: string;
  group_id: string;
  other_group_id: string;
  kind: string;
  since: string | null;
  notes: string | null;
  province_code: string | null;
}

export interface PeopleTable {
  id: string;
  full_name: string;
  name_search: string;
  gender: string | null;
  birth_date: string | null;
  birth_year: number | null;
  cccd_enc: string | null;
  cccd_hash: string | null;
  cccd_last4: string | null;
  phone: string | null;
  address_unit_id: string | null;
  address_text: string | null;
  registered_unit_id: string;
  occupation: string | null;
  ethnicity: string | null;
  religion: string | null;
  sensitive_consent_at: string | null;
  sensitive_consent_by: string | null;
  merged_into: string | null;
  province_code: string | null;
  created_at: string;
  updated_at: string;
}

/** A request that a person registered elsewhere join a group (see migration 0005). */
export interface MembershipRequestsTable {
  id: string;
  group_id: string;
  requested_by: string;
  full_name: string;
  cccd_hash: string;
  cccd_enc: string;
  cccd_last4: string;
  role: string;
  valid_from: string;
  status: string;
  person_id: string | null;
  membership_id: string | null;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
  province_code: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipsTable {
  id: string;
  group_id: string;
  person_id: string;
  role: string;
  valid_from: string;
  valid_to: string | null;
  province_code: string | null;
}

/** Per commune (or the unit a group sits in directly, when not a village) and model type. */
export interface CensusKeysTable {
  key_id: string;
  type_code: string;
  path: string;
  first_day: string;
  province_code: string | null;
}

/** The census of a key from `day_from` until its next row. */
export interface CensusSeriesTable {
  key_id: string;
  type_code: string;
  day_from: string;
  groups: number;
  members: number;
  sites: number;
  province_code: string | null;
}

/** A census reported or exported for an area and a day (see migration 0008). */
export interface CensusReportsTable {
  id: string;
  /** Null: the whole country. */
  unit_id: string | null;
  area_path: string | null;
  province_code: string | null;
  census_date: string;
  kind: 'reported' | 'exported';
  created_by: string;
  created_at: string;
}

/** An officer's column mapping for sheets of one shape (see migration 0008). */
export interface SheetMappingsTable {
  user_id: string;
  /** A hash of the sheet's headers, normalised. */
  shape: string;
  /** JSON: the mapping and defaults chosen (shared/group-import.ts). */
  options: string;
  updated_at: string;
}

/** A unit's boundary imported by an administrator, simplified (see migration 0009). */
export interface UnitBoundariesTable {
  unit_id: string;
  province_code: string | null;
  /** JSON: the coordinates of a GeoJSON MultiPolygon, [longitude, latitude]. */
  geometry: string;
  source_name: string;
  /** The geometry's size as imported, and as stored after simplification (JSON characters). */
  source_bytes: number;
  stored_bytes: number;
  imported_at: string;
}

/** The people a unit's scope reaches, one row per person and unit (features/people/scopes.ts). */
export interface PersonScopesTable {
  unit_id: string;
  person_id: string;
  name_key: string;
  birth_key: string;
}

/** The groups list's index, one row per period of a group's area and status and unit (features/groups/scopes.ts). */
export interface GroupScopesTable {
  /** A unit on the path of the group's area, or '' for the country. */
  scope_id: string;
  group_id: string;
  valid_from: string;
  valid_to: string | null;
  status: string;
  type_code: string;
  name_key: string;
  founded_on: string;
  type_order: number;
  area_key: string;
  province_code: string | null;
}

/** The groups list's counts as a series: the change on a day, per unit, status and type (features/groups/scopes.ts). */
export interface GroupScopeCountsTable {
  scope_id: string;
  status: string;
  type_code: string;
  day: string;
  delta: number;
}

export interface Database {
  group_scopes: GroupScopesTable;
  group_scope_counts: GroupScopeCountsTable;
  group_scope_marks: { group_id: string; mark: string | number | null };
  group_scope_unit_marks: { unit_id: string; mark: string | number | null };
  group_scope_type_marks: { type_code: string; mark: string | number | null };
  person_scopes: PersonScopesTable;
  person_scope_marks: { person_id: string; mark: string | number | null };
  unit_boundaries: UnitBoundariesTable;
  census_reports: CensusReportsTable;
  sheet_mappings: SheetMappingsTable;
  census_keys: CensusKeysTable;
  census_series: CensusSeriesTable;
  census_stale_groups: { group_id: string; mark: string | number | null };
  census_stale_units: { unit_id: string; mark: string | number | null };
  model_types: ModelTypesTable;
  groups: GroupsTable;
  group_areas: GroupAreasTable;
  group_statuses: GroupStatusesTable;
  group_links: GroupLinksTable;
  people: PeopleTable;
  memberships: MembershipsTable;
  membership_requests: MembershipRequestsTable;
  unit_events: UnitEventsTable;
  unit_links: UnitLinksTable;
  unit_placements: UnitPlacementsTable;
  units: UnitsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  role_settings: RoleSettingsTable;
  audit_log: AuditLogTable;
  /** One row (id 1): the fingerprint of the data key that seals the CCCDs (lib/data-key.ts). */
  data_key_fingerprint: { id: number; fingerprint: string; created_at: string };
}
