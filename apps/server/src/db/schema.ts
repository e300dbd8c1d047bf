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
export interface AgenciesTable { id: Generated<number>; code: string; name: string; kind: string; area_id: number | null }
export interface TeamsTable { id: Generated<number>; code: string; name: string; kind: string; agency_id: number; area_id: number | null }
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
}
export interface UnitEventsTable {
  id: Generated<number>;
  unit_id: number;
  at: Generated<string>;
  from_status: string | null;
  to_status: string | null;
  incident_id: number | null;
  actor_name: string;
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
  geom: Geom;
  radius_m: Generated<number>;
  target_s: Generated<number>;
  active: Generated<boolean>;
  created_at: Generated<string>;
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
}
export interface CamerasTable {
  id: Generated<number>;
  code: string;
  name: string;
  area_id: number | null;
  geom: GeomW;
  view_url: string | null;
  active: Generated<boolean>;
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
export interface PatrolPhotosTable { id: Generated<number>; mime: string; bytes: Uint8Array; created_at: Generated<string> }
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

export interface DB {
  fraud_warnings: FraudWarningsTable;
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
  incidents: IncidentsTable;
  incident_units: IncidentUnitsTable;
  incident_events: IncidentEventsTable;
  roads: RoadsTable;
  key_places: KeyPlacesTable;
  reinforcement_requests: ReinforcementRequestsTable;
  users: UsersTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
  schema_migrations: SchemaMigrationsTable;
}
