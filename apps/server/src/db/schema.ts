// Table types for Kysely. Kept beside the migrations; `test/migrations.test.ts` checks they agree with the database.
import type { ColumnType, Generated } from 'kysely';

type Ts = ColumnType<string, string | undefined, string>;
type TsNull = ColumnType<string | null, string | null | undefined, string | null>;
/** PostGIS geometry: written with SQL functions, read as GeoJSON through st_asgeojson. */
type Geom = ColumnType<unknown, never, never>;

export interface AreasTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  geom: Geom;
  valid_from: Ts;
  valid_to: TsNull;
  created_at: Generated<string>;
  response_target_s: Generated<number | null>;
  version: Generated<number>;
}
export interface AreaParentsTable { child_id: number; parent_id: number; valid_from: string; valid_to: string | null }
export interface AreaEventsTable {
  id: Generated<number>;
  at: Generated<string>;
  effective_at: string;
  op: string;
  actor_user_id: number | null;
  actor_name: string;
  detail: ColumnType<unknown, string, string>;
}
export interface AreaEventAreasTable { event_id: number; area_id: number; role: string }
export interface PoliceGridGridsTable { police_grid_id: number; grid_id: number; share: number }
export interface AgenciesTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  area_id: number | null;
  version: Generated<number>;
  active: Generated<boolean>;
  retired_at: Generated<string | null>;
}
export interface TeamsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  agency_id: number;
  area_id: number | null;
  leader_id: Generated<number | null>;
  deputy_id: Generated<number | null>;
  version: Generated<number>;
  active: Generated<boolean>;
  retired_at: Generated<string | null>;
}
export interface PeopleTable {
  id: Generated<number>;
  code: string;
  name: string;
  role: string;
  post: string | null;
  badge_no: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
  agency_id: number;
  team_id: number | null;
  active: Generated<boolean>;
  version: Generated<number>;
  retired_at: Generated<string | null>;
}
export interface PersonAreasTable { person_id: number; area_id: number; valid_from: Ts; valid_to: TsNull }
export interface UnitsTable {
  id: Generated<number>;
  callsign: string;
  type: string;
  echelon: number;
  team_id: number | null;
  home_area_id: number | null;
  status: Generated<string>;
  version: Generated<number>;
  incident_id: number | null;
  lon: number | null;
  lat: number | null;
  heading: number | null;
  speed_kmh: number | null;
  position_at: string | null;
  device_id: Generated<string | null>;
  updated_at: Generated<string>;
  patrol_tier: Generated<string | null>;
  patrol_area_id: Generated<number | null>;
  base_lon: Generated<number | null>;
  base_lat: Generated<number | null>;
  active: Generated<boolean>;
  retired_at: Generated<string | null>;
  status_reason: Generated<string | null>;
  status_since: Generated<string | null>;
}
export interface UnitMembersTable { unit_id: number; person_id: number }
export interface UnitPositionsTable {
  unit_id: number;
  at: string;
  lon: number;
  lat: number;
  speed_kmh: number | null;
  heading: number | null;
  received_at: Generated<string>;
  /** 011_proof.sql */
  accuracy_m: Generated<number | null>;
}
export interface UnitEventsTable {
  id: Generated<number>;
  unit_id: number;
  at: Generated<string>;
  from_status: string | null;
  to_status: string | null;
  incident_id: number | null;
  actor_name: string;
  reason: Generated<string | null>;
}
export interface DutyRostersTable {
  id: Generated<number>;
  station_id: number;
  day: string;
  leader_id: number | null;
  note: Generated<string>;
  version: Generated<number>;
  updated_at: Generated<string>;
}
/** 022_intake.sql: the shift handover log (交接班). */
export interface ShiftHandoversTable {
  id: Generated<number>;
  area_id: number;
  day: string;
  shift: string;
  status: Generated<string>;
  version: Generated<number>;
  notes: string;
  open_summary: unknown;
  written_by: number | null;
  written_by_name: string;
  written_at: string;
  acknowledged_by: number | null;
  acknowledged_by_name: string | null;
  acknowledged_at: string | null;
  ack_note: string | null;
}
/** 032_roster_leave.sql */
export interface PersonLeavesTable {
  id: Generated<number>;
  person_id: number;
  kind: string;
  starts_at: string;
  ends_at: string;
  note: Generated<string>;
  created_by_name: string;
  created_at: string;
  cancelled_at: string | null;
  cancelled_by_name: string | null;
  version: Generated<number>;
}
export interface DutySwapsTable {
  id: Generated<number>;
  a_roster_id: number;
  b_roster_id: number;
  a_person_id: number;
  b_person_id: number;
  a_starts_at: string;
  b_starts_at: string;
  reason: string;
  created_by_name: string;
  created_at: string;
}
export interface DutyShiftsTable {
  id: Generated<number>;
  roster_id: number;
  person_id: number;
  duty: string;
  starts_at: string;
  ends_at: string;
  unit_id: number | null;
}
export interface IncidentsTable {
  id: Generated<number>;
  number: string;
  source: string;
  category: string;
  priority: number;
  status: Generated<string>;
  version: Generated<number>;
  geom: Geom;
  address: string;
  description: string;
  caller_name_enc: string | null;
  caller_name_masked: string | null;
  caller_phone_enc: string | null;
  caller_phone_masked: string | null;
  county_id: number | null;
  district_id: number | null;
  station_id: number | null;
  police_grid_id: number | null;
  resp_zone_id: number | null;
  community_id: number | null;
  grid_id: number | null;
  area_ids: Generated<number[]>;
  officer_id: number | null;
  grid_worker_id: number | null;
  reported_at: Ts;
  dispatched_at: string | null;
  en_route_at: string | null;
  on_scene_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  created_by: number | null;
  key_place_id: Generated<number | null>;
  target_s: Generated<number | null>;
  eta_s: Generated<number | null>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
  // 009_incident_lifecycle.sql (issue 14)
  disposition: Generated<string | null>;
  disposition_note: Generated<string | null>;
  cancel_reason: Generated<string | null>;
  transfer_centre: Generated<string | null>;
  transfer_ref: Generated<string | null>;
  ended_at: Generated<string | null>;
  caller_phone_hash: Generated<string | null>;
}
// ---- the field terminal (010_mdt.sql, issue 13)
export interface MdtAssignmentsTable {
  id: Generated<number>;
  incident_id: number;
  unit_id: number;
  dispatched_at: string;
  sent_at: string;
  recipients: Generated<number[]>;
  acked_at: string | null;
  acked_by: number | null;
  acked_by_name: string | null;
  ack_key: string | null;
  fallback_at: string | null;
}
export interface IncidentUnitsTable {
  incident_id: number;
  unit_id: number;
  dispatched_at: string;
  arrived_at: string | null;
  released_at: string | null;
  eta_s: Generated<number | null>;
  arrival_source: Generated<string | null>;
}
export interface IncidentEventsTable {
  id: Generated<number>;
  incident_id: number;
  at: Ts;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_user_id: number | null;
  actor_name: string;
  note: string | null;
  data: ColumnType<unknown, string | undefined, never>;
  /** 020_offline.sql: the action reached the server well after it happened (补传); received_at is when. */
  late_synced: Generated<boolean>;
  received_at: TsNull;
}
/** 020_offline.sql: the first answer per (user, idempotency key), replayed for a repeat. */
export interface IdempotencyKeysTable {
  user_id: number;
  key: string;
  route: string;
  request_hash: string;
  status_code: number | null;
  response: string | null;
  created_at: Ts;
  completed_at: TsNull;
}
/** 020_offline.sql: photos from the scene, sent with the phone's remarks. */
export interface IncidentPhotosTable {
  id: Generated<number>;
  incident_id: number;
  user_id: number | null;
  actor_name: string;
  mime: string;
  bytes: Uint8Array;
  taken_at: string;
  exif_taken_at: string | null;
  exif_lon: number | null;
  exif_lat: number | null;
  client_taken_at: string | null;
  gallery: boolean;
  gallery_reason: string | null;
  created_at: Generated<string>;
}
export interface RoadsTable {
  id: number;
  name: string;
  class: string;
  /** Car speed; null = cars may not use it. */
  speed_kmh: number | null;
  ebike_kmh: number | null;
  foot_kmh: number | null;
  osm_id: number | null;
  tags: Record<string, string> | null;
  oneway: boolean;
  geom: Geom;
}
export interface KeyPlacesTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  geom: GeomW;
  radius_m: Generated<number>;
  target_s: Generated<number>;
  active: Generated<boolean>;
  created_at: Generated<string>;
  /** 029: the station the point lies in, set on every write */
  area_id: number | null;
  version: Generated<number>;
  updated_at: Generated<string>;
  retired_at: string | null;
  retire_reason: string | null;
}
export interface ReinforcementRequestsTable {
  id: Generated<number>;
  incident_id: number;
  echelon: number;
  units_needed: number;
  unit_types: Generated<string[]>;
  reason: Generated<string>;
  status: Generated<string>;
  version: Generated<number>;
  requested_by: number | null;
  requested_by_name: string;
  requested_at: string;
  handled_by_name: string | null;
  accepted_at: string | null;
  fulfilled_at: string | null;
  cancelled_at: string | null;
  note: string | null;
}
export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: string;
  scope_area_id: number | null;
  person_id: number | null;
  active: Generated<boolean>;
  created_at: Generated<string>;
  must_change_password: Generated<boolean>;
  password_changed_at: string | null;
  totp_secret_enc: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: number | null;
}
export interface SessionsTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Generated<string>;
  expires_at: string;
  last_seen_at: Generated<string>;
}
export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<string>;
  user_id: number | null;
  username: string;
  action: string;
  resource_type: string;
  resource_id: string | null;
  detail: ColumnType<unknown, string | undefined, never>;
  ip: string | null;
}
export interface AppMetaTable { key: string; value: ColumnType<unknown, string, string> }
export interface SchemaMigrationsTable { name: string; applied_at: Generated<string> }

type Json = ColumnType<unknown, string, string>;
/** A geometry written with an SQL expression (st_setsrid(st_point(..))). */
type GeomW = ColumnType<unknown, unknown, never>;
export interface PatrolShiftsTable {
  id: Generated<number>;
  code: string;
  name: string;
  starts_at: string;
  duration_min: number;
  roll_call_offset_min: Generated<number>;
}
export interface PatrolPointsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: string;
  tier: string;
  area_id: number | null;
  geom: GeomW;
  visits_per_shift: number;
  dwell_min: Generated<number>;
  window_start: string | null;
  window_end: string | null;
  min_gap_min: Generated<number>;
  radius_m: Generated<number>;
  qr_nonce: Generated<string>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<string>;
}
export interface PatrolLinesTable {
  id: Generated<number>;
  code: string;
  name: string;
  tier: string;
  area_id: number | null;
  geom: GeomW;
  visits_per_shift: number;
  active: Generated<boolean>;
  created_at: Generated<string>;
  version: Generated<number>;
}
export interface CamerasTable {
  id: Generated<number>;
  code: string;
  name: string;
  area_id: number | null;
  geom: GeomW;
  view_url: string | null;
  active: Generated<boolean>;
  /** 029: administered (versioned, retired with a reason) */
  version: Generated<number>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
  retired_at: string | null;
  retire_reason: string | null;
}
export interface PatrolPlansTable {
  id: Generated<number>;
  plan_date: string;
  shift_id: number;
  tier: string;
  area_id: number;
  status: Generated<string>;
  version: Generated<number>;
  shift_start: string;
  shift_end: string;
  seed: number;
  risk_total: Generated<number>;
  risk_source: string;
  candidates: Json;
  unmet: ColumnType<unknown, string | undefined, string>;
  generated_at: Generated<string>;
  generated_by: number | null;
  generated_by_name: string;
  published_at: Generated<string | null>;
  published_by_name: Generated<string | null>;
  cancelled_at: Generated<string | null>;
}
export interface PatrolRoutesTable {
  id: Generated<number>;
  plan_id: number;
  unit_id: number;
  version: Generated<number>;
  stops: Json;
  path: Json;
  travel_s: number;
  duration_s: number;
  distance_m: number;
  risk: number;
  overtime_s: Generated<number>;
  late_stops: ColumnType<unknown, string | undefined, string>;
  travel_source: string;
  start_lon: number;
  start_lat: number;
}
export interface PatrolPhotosTable { id: Generated<number>; mime: string; bytes: Uint8Array; created_at: Generated<string>; /** 011_proof.sql */ received_at: Generated<string | null>; exif_taken_at: Generated<string | null>; exif_lon: Generated<number | null>; exif_lat: Generated<number | null>; client_taken_at: Generated<string | null>; gallery: Generated<boolean>; gallery_reason: Generated<string | null>; watermarked: Generated<boolean> }
export interface PatrolCheckinsTable {
  id: Generated<number>;
  plan_id: number;
  route_id: number;
  unit_id: number;
  kind: string;
  ref: string;
  method: string;
  at: string;
  lon: number | null;
  lat: number | null;
  note: string | null;
  photo_id: number | null;
  by_name: string;
  by_user: number | null;
  /** 011_proof.sql: verified (counted) or unverified (flagged, not counted) */
  proof: Generated<string>;
  proof_reason: Generated<string | null>;
  distance_m: Generated<number | null>;
  accuracy_m: Generated<number | null>;
  /** 026_late_sync.sql: sent late by the phone's queue (补传), and when the server received it */
  late_synced: Generated<boolean>;
  received_at: Generated<string | null>;
}
export interface PatrolFlagsTable {
  id: Generated<number>;
  plan_id: number;
  route_id: number;
  unit_id: number;
  kind: string;
  status: Generated<string>;
  version: Generated<number>;
  raised_at: string;
  cleared_at: string | null;
  ack_by_name: string | null;
  ref: string | null;
  detail: string;
  distance_m: number | null;
  lon: number | null;
  lat: number | null;
}
export interface PatrolRollCallsTable { id: Generated<number>; plan_id: number; at: string; by_name: string; entries: Json }
export interface VideoRoundsTable {
  id: Generated<number>;
  area_id: number;
  scheduled_at: string;
  status: Generated<string>;
  version: Generated<number>;
  created_by_name: string;
  created_at: Generated<string>;
}
export interface VideoRoundCamerasTable {
  round_id: number;
  camera_id: number;
  position: number;
  result: string | null;
  note: string | null;
  checked_at: string | null;
  checked_by_name: string | null;
  incident_id: number | null;
}

export interface FraudWarningsTable {
  id: Generated<number>;
  source: string;
  external_id: string;
  status: string;
  reject_reason: string | null;
  version: Generated<number>;
  fraud_type: string;
  amount_at_risk: ColumnType<string | null, number | null, number | null>;
  warned_at: string;
  received_at: string;
  person_name_enc: string | null;
  person_name_masked: string | null;
  phone_enc: string | null;
  phone_masked: string | null;
  address: string;
  geom: GeomW;
  grid_id: number | null;
  community_id: number | null;
  station_id: number | null;
  area_ids: ColumnType<number[], number[] | undefined, number[]>;
  officer_id: number | null;
  deadline_at: string | null;
  outcome: string | null;
  loss_amount: ColumnType<string | null, number | null, number | null>;
  outcome_note: string | null;
  outcome_at: string | null;
  outcome_by_name: string | null;
  followup_due_at: string | null;
  followup_at: string | null;
  followup_note: string | null;
  followup_by_name: string | null;
}

export interface ForecastRunsTable {
  id: Generated<number>;
  district_id: number;
  for_date: ColumnType<string, string, string>;
  /** The incident category forecast; null = all incidents together (028). */
  category: ColumnType<string | null, string | null | undefined, string | null>;
  trigger: 'schedule' | 'demand';
  model: string;
  params: Json;
  validation: Json;
  cell_m: number;
  ref_lat: number;
  train_from: string;
  train_until: string;
  events: number;
  cells: number;
  duration_ms: number;
  created_at: Generated<string>;
  created_by: string;
}

export interface ForecastCellsTable {
  run_id: number;
  shift_id: number | null;
  ix: number;
  iy: number;
  score: number;
  share: number;
  rank: number;
  history: number;
}

/** Saved runs of the reform simulator (023_sim.sql). */
export interface SimRunsTable {
  id: Generated<number>;
  area_id: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  name: string | null;
  input: Json;
  scenario: Json | null;
  result: Json | null;
  error: string | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  version: Generated<number>;
}

export interface ReportsTable {
  id: Generated<number>;
  kind: 'daily' | 'weekly' | 'monthly';
  area_id: number;
  period_start: string;
  period_end: string;
  trigger: 'schedule' | 'demand';
  version: Generated<number>;
  content: Json;
  generated_at: Generated<string>;
  generated_by: string;
  pushed_at: TsNull;
  pushed_to: Generated<number>;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: number;
  kind: string;
  title: string;
  body: Generated<string>;
  link: string | null;
  ref_type: string | null;
  ref_id: string | null;
  created_at: Generated<string>;
  read_at: TsNull;
  webhook_status: 'sent' | 'failed' | null;
  webhook_at: TsNull;
}

// 018: the registry (一标三实)
export interface AddressesTable {
  id: Generated<number>;
  province: string | null;
  city: string | null;
  county: string | null;
  town: string | null;
  community: string | null;
  street: string | null;
  door_no: string | null;
  building: string | null;
  unit_no: string | null;
  room: string | null;
  label: string;
  norm: string;
  initials: string;
  geom: GeomW;
  grid_id: number | null;
  police_grid_id: number | null;
  station_id: number | null;
  area_ids: ColumnType<number[], number[] | undefined, number[]>;
  source: Generated<string>;
  version: Generated<number>;
  created_at: Ts;
  updated_at: Ts;
}

export interface HousesTable {
  id: Generated<number>;
  address_id: number;
  owner_name_enc: string | null;
  owner_name_masked: string | null;
  use: string;
  rented: Generated<boolean>;
  note: string | null;
  version: Generated<number>;
  created_at: Ts;
  updated_at: Ts;
}

export interface PersonsTable {
  id: Generated<number>;
  name_enc: string;
  name_masked: string;
  name_hash: string;
  id_no_enc: string;
  id_no_masked: string;
  id_no_hash: string;
  phone_enc: string | null;
  phone_masked: string | null;
  phone_hash: string | null;
  gender: string | null;
  birth_date: string | null;
  status: Generated<string>;
  merged_into: number | null;
  version: Generated<number>;
  created_at: Ts;
  updated_at: Ts;
}

export interface ResidenciesTable {
  id: Generated<number>;
  person_id: number;
  house_id: number;
  relation: string;
  arrived_on: string | null;
  left_on: string | null;
  version: Generated<number>;
  created_at: Ts;
  updated_at: Ts;
}

export interface RegistryUnitsTable {
  id: Generated<number>;
  name: string;
  kind: string;
  credit_code: string | null;
  address_id: number;
  version: Generated<number>;
  created_at: Ts;
  updated_at: Ts;
}

export interface RegistryUnitEmployeesTable {
  id: Generated<number>;
  unit_id: number;
  person_id: number;
  role: string | null;
  from_on: string | null;
  to_on: string | null;
  version: Generated<number>;
  created_at: Ts;
}

export interface RegistryHistoryTable {
  id: Generated<string>;
  at: Ts;
  entity: string;
  entity_id: number;
  action: string;
  changes: Json;
  user_id: number | null;
  username: string;
}

/** 015_cases.sql: cases in hand (issue 17). */
export interface CaseLimitsTable { id: Generated<number>; key: string; kind: string; stage: string; base: string; unit: string; amount: number; zh: string; en: string; version: Generated<number> }
export interface CasesTable {
  id: Generated<number>;
  case_no: ColumnType<string, never, never>;
  kind: string;
  category: string;
  title: string;
  summary: Generated<string>;
  status: string;
  version: Generated<number>;
  incident_id: number | null;
  fraud_warning_id: number | null;
  dispute_ids: ColumnType<number[], number[] | undefined, number[]>;
  station_id: number | null;
  area_ids: ColumnType<number[], number[] | undefined, number[]>;
  team_id: number | null;
  opened_at: string;
  filed_at: string | null;
  solved_at: string | null;
  ended_at: string | null;
  last_activity_at: string;
  created_by: number | null;
}
export interface CaseOfficersTable { case_id: number; person_id: number; lead: Generated<boolean> }
export interface CasePeopleTable { id: Generated<number>; case_id: number; role: string; name_enc: string | null; name_masked: string | null; phone_enc: string | null; phone_masked: string | null; note: string | null; registry_person_id: number | null }
export interface CasePlacesTable { id: Generated<number>; case_id: number; address: string; geom: GeomW }
export interface CaseItemsTable { id: Generated<number>; case_id: number; item_type: string; title: string; note: string | null; photo: Uint8Array | null; photo_mime: string | null; camera_id: number | null; clip_from: string | null; clip_to: string | null; added_at: string; added_by: number | null; added_by_name: string }
export interface CaseStepsTable { id: Generated<number>; case_id: number; stage: string; entered_at: string; left_at: string | null; limit_key: string | null; base_at: string | null; due_at: string | null }
export interface CaseEventsTable { id: Generated<number>; case_id: number; at: string; action: string; from_status: string | null; to_status: string | null; by_user: number | null; by_name: string; note: string | null }

// 016_disputes.sql
export interface DisputesTable {
  id: Generated<number>;
  status: string;
  version: Generated<number>;
  source: string;
  incident_id: number | null;
  type: string;
  title: string;
  description: string | null;
  address: string;
  address_norm: string;
  geom: GeomW;
  grid_id: number | null;
  community_id: number | null;
  station_id: number | null;
  district_id: number | null;
  county_id: number | null;
  area_ids: ColumnType<number[], number[] | undefined, number[]>;
  grade: string;
  grade_reasons: Json;
  violence_threatened: boolean;
  vulnerable: boolean;
  group_size: number;
  prior_calls: number;
  level: string;
  level_area_id: number | null;
  level_since: string;
  level_due_at: string;
  escalations: Generated<number>;
  reported_at: string;
  reported_by_user: number | null;
  reported_by_name: string;
  resolved_at: string | null;
  resolved_on_time: boolean | null;
  case_id: number | null;
  ticket_id: number | null;
}
export interface DisputePartiesTable { id: Generated<number>; dispute_id: number; role: string; name_enc: string; name_masked: string; phone_enc: string | null; phone_masked: string | null; person_ref_id: number | null; vulnerable: boolean }
export interface DisputeSessionsTable { id: Generated<number>; dispute_id: number; held_at: string; level: string; mediator_user: number | null; mediator_name: string; participants: string[]; outcome: string; note: string | null; agreement_text: string | null; photo_mime: string | null; photo: Uint8Array | null }
export interface DisputeReferralsTable { id: Generated<number>; dispute_id: number; kind: string; org_name: string; to_user_id: number | null; referred_at: string; referred_by_name: string; feedback: string | null; feedback_outcome: string | null; feedback_at: string | null; feedback_by_name: string | null }
export interface DisputeFollowupsTable { id: Generated<number>; dispute_id: number; due_at: string; done_at: string | null; note: string | null; by_name: string | null; recurred: boolean | null }
export interface DisputeEventsTable { id: Generated<number>; dispute_id: number; at: string; kind: string; by_name: string; data: Json }

export interface TicketRoutesTable {
  id: Generated<number>;
  category: string;
  area_id: number | null;
  agency_id: number | null;
  agency_kind: string | null;
  receive_hours: number;
  resolve_hours: number;
  version: Generated<number>;
}
export interface TicketsTable {
  id: Generated<number>;
  status: string;
  version: Generated<number>;
  category: string;
  title: string;
  description: Generated<string>;
  source_type: string;
  source_id: number | null;
  external_ref: string | null;
  address: Generated<string>;
  geom: GeomW;
  grid_id: number | null;
  community_id: number | null;
  station_id: number | null;
  area_ids: ColumnType<number[], number[] | undefined, number[]>;
  agency_id: number | null;
  originator_user_id: number | null;
  originator_name: string;
  created_at: string;
  sent_at: string | null;
  receive_due_at: string | null;
  due_at: string | null;
  received_at: string | null;
  resolved_at: string | null;
  verified_at: string | null;
  closed_at: string | null;
  updated_at: string;
  return_count: Generated<number>;
  reopen_count: Generated<number>;
  earlier_resolved: Generated<number>;
  earlier_on_time: Generated<number>;
  fired: ColumnType<string[], string[] | undefined, string[]>;
}
export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: number;
  action: string;
  from_status: string | null;
  to_status: string;
  at: string;
  user_id: number | null;
  actor_name: string;
  agency_id: number | null;
  note: Generated<string>;
  photo_ids: ColumnType<number[], number[] | undefined, number[]>;
}
export interface TicketPhotosTable { id: Generated<number>; ticket_id: number; mime: string; bytes: Uint8Array; created_at: string }
export interface DB {
  task_templates: TaskTemplatesTable;
  task_escalation_policies: TaskEscalationPoliciesTable;
  task_assignments: TaskAssignmentsTable;
  task_instances: TaskInstancesTable;
  task_photos: TaskPhotosTable;
  task_evidence: TaskEvidenceTable;
  task_escalations: TaskEscalationsTable;
  task_extensions: TaskExtensionsTable;
  indicator_defs: IndicatorDefsTable;
  indicator_measures: IndicatorMeasuresTable;
  indicator_values: IndicatorValuesTable;
  zone_presence_daily: ZonePresenceDailyTable;
  assessment_plans: AssessmentPlansTable;
  assessment_runs: AssessmentRunsTable;
  assessment_star_decisions: AssessmentStarDecisionsTable;
  assessment_star_events: AssessmentStarEventsTable;
  assessment_results: AssessmentResultsTable;
  forecast_runs: ForecastRunsTable;
  forecast_cells: ForecastCellsTable;
  sim_runs: SimRunsTable;
  reports: ReportsTable;
  notifications: NotificationsTable;
  instructions: InstructionsTable;
  instruction_receipts: InstructionReceiptsTable;
  instruction_feedback: InstructionFeedbackTable;
  instruction_photos: InstructionPhotosTable;
  ticket_routes: TicketRoutesTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  ticket_photos: TicketPhotosTable;
  fraud_warnings: FraudWarningsTable;
  disputes: DisputesTable;
  dispute_parties: DisputePartiesTable;
  dispute_sessions: DisputeSessionsTable;
  dispute_referrals: DisputeReferralsTable;
  dispute_followups: DisputeFollowupsTable;
  dispute_events: DisputeEventsTable;
  case_limits: CaseLimitsTable;
  cases: CasesTable;
  case_officers: CaseOfficersTable;
  case_people: CasePeopleTable;
  case_places: CasePlacesTable;
  case_items: CaseItemsTable;
  case_steps: CaseStepsTable;
  case_events: CaseEventsTable;
  addresses: AddressesTable;
  houses: HousesTable;
  persons: PersonsTable;
  residencies: ResidenciesTable;
  registry_units: RegistryUnitsTable;
  registry_unit_employees: RegistryUnitEmployeesTable;
  registry_history: RegistryHistoryTable;
  patrol_shifts: PatrolShiftsTable;
  patrol_points: PatrolPointsTable;
  patrol_lines: PatrolLinesTable;
  cameras: CamerasTable;
  patrol_plans: PatrolPlansTable;
  patrol_routes: PatrolRoutesTable;
  patrol_photos: PatrolPhotosTable;
  patrol_checkins: PatrolCheckinsTable;
  patrol_flags: PatrolFlagsTable;
  patrol_roll_calls: PatrolRollCallsTable;
  video_rounds: VideoRoundsTable;
  video_round_cameras: VideoRoundCamerasTable;
  areas: AreasTable;
  area_parents: AreaParentsTable;
  area_events: AreaEventsTable;
  area_event_areas: AreaEventAreasTable;
  police_grid_grids: PoliceGridGridsTable;
  agencies: AgenciesTable;
  teams: TeamsTable;
  people: PeopleTable;
  person_areas: PersonAreasTable;
  units: UnitsTable;
  unit_members: UnitMembersTable;
  unit_positions: UnitPositionsTable;
  unit_events: UnitEventsTable;
  duty_rosters: DutyRostersTable;
  duty_shifts: DutyShiftsTable;
  person_leaves: PersonLeavesTable;
  duty_swaps: DutySwapsTable;
  incidents: IncidentsTable;
  incident_units: IncidentUnitsTable;
  incident_events: IncidentEventsTable;
  mdt_assignments: MdtAssignmentsTable;
  idempotency_keys: IdempotencyKeysTable;
  incident_photos: IncidentPhotosTable;
  roads: RoadsTable;
  key_places: KeyPlacesTable;
  reinforcement_requests: ReinforcementRequestsTable;
  shift_handovers: ShiftHandoversTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
  schema_migrations: SchemaMigrationsTable;
}

// ---- tasks, indicators, assessment (006_tasks.sql, issue 6)
export interface TaskTemplatesTable {
  id: Generated<number>;
  code: string;
  category: string;
  name: string;
  name_en: Generated<string>;
  unit: Generated<string>;
  schedule: Json;
  evidence: Json;
  assignee: string;
  feeds: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}
export interface TaskEscalationPoliciesTable {
  category: string;
  due_soon_minutes: number | null;
  reminder_minutes: number | null;
  yellow_minutes: number | null;
  red_minutes: number | null;
  updated_at: Generated<string>;
}
export interface TaskAssignmentsTable {
  id: Generated<number>;
  template_id: number;
  target_kind: string;
  person_id: number | null;
  team_id: number | null;
  area_id: number | null;
  level: string;
  issuer_area_id: number | null;
  area_ids: Generated<number[]>;
  issued_by: number | null;
  issued_by_name: string;
  issued_at: string;
  place_name: string | null;
  place_lon: number | null;
  place_lat: number | null;
  starts_on: string | null;
  ends_on: string | null;
  due_at: string | null;
  note: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
}
export interface TaskInstancesTable {
  id: Generated<string>;
  assignment_id: number;
  template_id: number;
  person_id: number;
  occurrence_key: string;
  period_start: string;
  due_at: string;
  original_due_at: string;
  target: number;
  progress: Generated<number>;
  status: Generated<string>;
  done_at: string | null;
  late: Generated<boolean>;
  supervision: Generated<string>;
  station_id: number | null;
  area_ids: Generated<number[]>;
  version: Generated<number>;
  created_at: Generated<string>;
}
export interface TaskPhotosTable { id: Generated<number>; mime: string; bytes: Uint8Array; taken_at: string | null; created_at: Generated<string>; /** 011_proof.sql */ exif_taken_at: Generated<string | null>; exif_lon: Generated<number | null>; exif_lat: Generated<number | null>; client_taken_at: Generated<string | null>; gallery: Generated<boolean>; gallery_reason: Generated<string | null>; watermarked: Generated<boolean> }
export interface TaskEvidenceTable {
  id: Generated<string>;
  instance_id: string;
  at: string;
  amount: number;
  form: Json;
  note: string | null;
  lon: number | null;
  lat: number | null;
  accuracy_m: number | null;
  photo_ids: Generated<number[]>;
  by_user: number | null;
  by_name: string;
  /** 011_proof.sql */
  proof: Generated<string | null>;
  proof_reason: Generated<string | null>;
  distance_m: Generated<number | null>;
  /** 026_late_sync.sql: sent late by the phone's queue (补传), and when the server received it */
  late_synced: Generated<boolean>;
  received_at: Generated<string | null>;
}
export interface TaskEscalationsTable { id: Generated<string>; instance_id: string; step: string; at: string; due_at: string }
export interface TaskExtensionsTable {
  id: Generated<string>;
  instance_id: string;
  requested_at: string;
  requested_by: number | null;
  requested_by_name: string;
  until: string;
  reason: string;
  status: Generated<string>;
  decided_at: string | null;
  decided_by_name: string | null;
  granted_until: string | null;
  decision_note: string | null;
}
export interface IndicatorDefsTable {
  code: string;
  name: string;
  name_en: Generated<string>;
  formula: string;
  unit: string;
  better: string;
  target: number;
  zero_at: number | null;
  weight: number;
  star: string | null;
  levels: string[] | null;
  description: string | null;
  active: Generated<boolean>;
  version: Generated<number>;
  updated_at: Generated<string>;
}
export interface IndicatorMeasuresTable { level: string; subject_id: number; period: string; period_start: string; period_end: string; measures: Json; computed_at: string }
export interface IndicatorValuesTable {
  level: string;
  subject_id: number;
  period: string;
  code: string;
  value: number | null;
  available: boolean;
  reason: string | null;
  missing: Generated<string[]>;
  computed_at: string;
}
export interface ZonePresenceDailyTable { person_id: number; day: string; duty_minutes: number; zone_minutes: number; computed_at: string; source: Generated<string> }
export interface AssessmentPlansTable {
  code: string;
  name: string;
  level: string;
  period: string;
  items: Json;
  stars: Json;
  min_coverage: Generated<number>;
  active: Generated<boolean>;
  version: Generated<number>;
}
export interface AssessmentStarDecisionsTable {
  id: Generated<number>;
  plan_code: string;
  period: string;
  star: string;
  subject_id: number;
  status: string;
  score: number | null;
  decided_at: string;
  decided_by: number | null;
  decided_by_name: string;
  note: string | null;
  version: Generated<number>;
}
export interface AssessmentStarEventsTable {
  id: Generated<string>;
  decision_id: number;
  action: string;
  at: string;
  by_user: number | null;
  by_name: string;
  note: string | null;
}
export interface AssessmentRunsTable { plan_code: string; period: string; computed_at: string; stars: Json; subjects: number }
export interface AssessmentResultsTable {
  plan_code: string;
  period: string;
  subject_id: number;
  total: number | null;
  rank: number | null;
  coverage: number;
  note: string | null;
  items: Json;
  excluded: Generated<string[]>;
}

/** 019_instructions.sql */
export interface InstructionsTable {
  id: Generated<number>;
  sender_user_id: number;
  sender_name: string;
  target_kind: string;
  target_id: number;
  target_name: string;
  area_ids: number[];
  body: string;
  priority: string;
  due_at: string | null;
  link_type: string | null;
  link_id: number | null;
  photo_ids: Generated<number[]>;
  status: Generated<string>;
  closed_at: string | null;
  closed_by_name: string | null;
  created_at: string;
  version: Generated<number>;
}
export interface InstructionReceiptsTable {
  id: Generated<number>;
  instruction_id: number;
  user_id: number;
  name: string;
  status: Generated<string>;
  delivered_at: string;
  read_at: string | null;
  feedback_at: string | null;
  done_at: string | null;
  fallback_at: string | null;
  version: Generated<number>;
}
export interface InstructionFeedbackTable { id: Generated<number>; receipt_id: number; at: string; text: string; photo_ids: Generated<number[]> }
export interface InstructionPhotosTable { id: Generated<number>; mime: string; bytes: Uint8Array; created_at: string }
