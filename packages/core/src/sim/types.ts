// The demo county as plain data. Produced by generateDemoCounty(seed) (pure, deterministic for a seed);
// the server's seed command writes it to the database through the same services that real data uses.

/** [lon, lat] in WGS-84. */
export type LonLat = [number, number];
/** GeoJSON MultiPolygon coordinates: polygons > rings > positions; outer rings counter-clockwise, closed. */
export type MultiPolygonCoords = LonLat[][][];

export type DemoAreaKind =
  | 'county'
  | 'district'
  | 'station'
  | 'police_grid'
  | 'resp_zone'
  | 'community'
  | 'grid'
  | 'patrol_zone';

export interface DemoArea {
  code: string;
  name: string;
  kind: DemoAreaKind;
  /** Parent code; null only for the county. */
  parentCode: string | null;
  geometry: MultiPolygonCoords;
  /** The 1/3/5-minute response target for incidents inside (seconds): 180 in town 社区, 300 in villages 村. */
  responseTargetS?: number;
}

export type KeyPlaceKind = 'school' | 'hospital' | 'transport' | 'government' | 'market' | 'finance' | 'venue' | 'other';

/** A key place (重点部位): incidents within its radius must be reached within its target (1 minute). */
export interface DemoKeyPlace {
  code: string;
  name: string;
  kind: KeyPlaceKind;
  lon: number;
  lat: number;
  radiusM: number;
  targetS: number;
}

/**
 * A re-cut applied after the initial areas, in order, through the same operation an administrator uses.
 * The demo models the Jiangyan reform: three station areas bundled into one district, and
 * 11 responsibility zones merged into 4 police grids (the zones are kept as children of their grid).
 */
export type DemoRecut =
  | { op: 'bundle'; effectiveAt: string; memberCodes: string[]; target: { code: string; name: string; kind: 'district' }; parentCode: string }
  | {
      op: 'merge';
      effectiveAt: string;
      sourceCodes: string[];
      target: { code: string; name: string; kind: 'police_grid' };
      parentCode: string;
      keepSources: true;
    };

export interface DemoAgency {
  code: string;
  name: string;
  kind: 'psb' | 'station' | 'urban_mgmt' | 'subdistrict';
  areaCode: string | null;
}

export interface DemoTeam {
  code: string;
  name: string;
  kind: 'command_room' | 'community_team' | 'case_team' | 'joint_patrol' | 'swat_post' | 'patrol_team';
  agencyCode: string;
  areaCode: string | null;
}

export interface DemoPerson {
  code: string;
  name: string;
  role: 'police' | 'auxiliary' | 'grid_worker' | 'assistant' | 'mediator' | 'urban_mgmt' | 'volunteer' | 'civic_police';
  post: 'A' | 'B' | 'C' | null;
  badgeNo: string | null;
  phone: string;
  agencyCode: string;
  teamCode: string | null;
  /** Areas this person is responsible for: police officers their police grid / communities, grid workers their grid. */
  areaCodes: string[];
}

export interface DemoUnit {
  callsign: string;
  type: 'patrol_car' | 'foot' | 'ebike' | 'joint_patrol' | 'swat_post';
  echelon: 1 | 2 | 3;
  teamCode: string;
  homeAreaCode: string;
  memberCodes: string[];
  /** Starting position, on a road node. */
  start: LonLat;
}

export type RoadClass = 'arterial' | 'primary' | 'secondary' | 'street' | 'village';

export interface DemoRoad {
  id: number;
  name: string;
  class: RoadClass;
  /** Free-flow speed in km/h. */
  speedKmh: number;
  oneway: boolean;
  coords: LonLat[];
}

export interface DemoIncident {
  reportedAt: string;
  source: 'call_110' | 'grid_report' | 'patrol' | 'video_patrol' | 'citizen' | 'transfer';
  category:
    | 'theft' | 'fraud' | 'fight' | 'dispute' | 'traffic' | 'noise' | 'help' | 'fire' | 'suspicious' | 'public_order' | 'missing_person' | 'other';
  priority: 1 | 2 | 3;
  lon: number;
  lat: number;
  address: string;
  description: string;
  callerName: string | null;
  callerPhone: string | null;
  /** Seconds after reportedAt for each phase; null where the incident never reached it. */
  dispatchAfterS: number | null;
  arriveAfterS: number | null;
  resolveAfterS: number | null;
  closeAfterS: number | null;
  /** Final status of a historic incident. */
  finalStatus: 'closed' | 'cancelled' | 'transferred';
  /** Index into DemoCounty.units of the unit sent, or null. */
  unitIndex: number | null;
}

export interface DemoUser {
  username: string;
  displayName: string;
  role: 'admin' | 'district_lead' | 'station_lead' | 'dispatcher' | 'officer' | 'grid_worker' | 'mediator' | 'urban_mgmt';
  /** Area the user is scoped to; null = whole bureau. */
  scopeAreaCode: string | null;
  personCode: string | null;
}

export interface DemoCounty {
  seed: number;
  name: string;
  /** [minLon, minLat, maxLon, maxLat] */
  bbox: [number, number, number, number];
  areas: DemoArea[];
  recuts: DemoRecut[];
  agencies: DemoAgency[];
  teams: DemoTeam[];
  people: DemoPerson[];
  units: DemoUnit[];
  roads: DemoRoad[];
  keyPlaces: DemoKeyPlace[];
  incidents: DemoIncident[];
  users: DemoUser[];
}
