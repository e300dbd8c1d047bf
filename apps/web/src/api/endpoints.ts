// Typed wrappers of the HTTP API (docs/api.md). Types come from @jingwang/contracts.
import type {
  Area,
  AreaImportResult,
  ClientConfig,
  CreateIncidentBody,
  Incident,
  IncidentAction,
  IncidentDetail,
  IncidentList,
  LocateResult,
  Person,
  PersonRole,
  RecutBody,
  RecutResult,
  Session,
  StatsSummary,
  Team,
  Unit,
  AreaKind,
  Compliance,
  ComplianceLevel,
  CreateReinforcementBody,
  Recommendation,
  Reinforcement,
  ReinforcementAction,
  ReinforcementStatus,
  RoadProfileKey,
} from '@jingwang/contracts';
import { http, uploadJson } from './client';

export interface FeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: { type: 'Feature'; id?: number | string; properties: P; geometry: { type: string; coordinates: unknown } }[];
}

export interface AreaFeatureProps {
  id: number;
  code: string;
  name: string;
  kind: AreaKind;
  parentId: number | null;
}

export interface RoadProps {
  id: number;
  name: string | null;
  class: string;
}

/** GET /api/roads/reach: per budget a MultiLineString of the roads reached ({ kind: 'roads' }) and its outline ({ kind: 'area' }). */
export interface ReachProps {
  seconds: number;
  kind: 'roads' | 'area';
  meters?: number;
}
export type ReachFc = FeatureCollection<ReachProps> & { properties?: { profile: RoadProfileKey; origin: [number, number]; budgets: number[] } };

/** GET /api/roads/coverage: a MultiLineString per budget ({ kind: 'covered' }) and the gaps ({ kind: 'gap', seconds: null }). */
export type CoverageFc = FeatureCollection<{ seconds: number | null; kind: 'covered' | 'gap' }> & {
  properties: { budgets: number[]; units: number; metersWithin: number[]; metersBeyond: number; shareWithin: number[]; computedAt: string };
};

export interface AreaHistoryEntry {
  id: number;
  at: string;
  op: string;
  actor: string;
  detail: unknown;
}

export const api = {
  login: (username: string, password: string) => http.post<Session>('/api/auth/login', { username, password }),
  logout: () => http.post<unknown>('/api/auth/logout', {}),
  me: () => http.get<Session>('/api/auth/me'),
  config: () => http.get<ClientConfig>('/api/config'),

  areas: (q: { kind?: AreaKind; at?: string; includeRetired?: boolean } = {}) => http.get<Area[]>('/api/areas', q),
  area: (id: number) => http.get<Area>(`/api/areas/${id}`),
  areaHistory: (id: number) => http.get<AreaHistoryEntry[]>(`/api/areas/${id}/history`),
  areasGeoJson: (kinds: AreaKind[], signal?: AbortSignal) =>
    http.get<FeatureCollection<AreaFeatureProps>>('/api/areas/geojson', { kinds: kinds.join(',') }, signal),
  importAreas: (text: string, onProgress: (f: number) => void) => uploadJson<AreaImportResult>('/api/areas/import', text, onProgress),
  recut: (body: RecutBody) => http.post<RecutResult>('/api/areas/recut', body),
  locate: (lon: number, lat: number, signal?: AbortSignal) => http.get<LocateResult>('/api/locate', { lon, lat }, signal),
  roads: (signal?: AbortSignal) => http.get<FeatureCollection<RoadProps>>('/api/roads/geojson', undefined, signal),

  incidents: (q: { status?: string; category?: string; priority?: number; areaId?: number; q?: string; page?: number; pageSize?: number }) =>
    http.get<IncidentList>('/api/incidents', q),
  openIncidents: () => http.get<IncidentList>('/api/incidents', { status: 'open', pageSize: 200 }),
  incident: (id: number) => http.get<IncidentDetail>(`/api/incidents/${id}`),
  createIncident: (body: CreateIncidentBody) => http.post<Incident>('/api/incidents', body),
  contact: (id: number) => http.get<{ callerName: string | null; callerPhone: string | null }>(`/api/incidents/${id}/contact`),
  transition: (id: number, action: IncidentAction, version: number, note?: string) =>
    http.post<Incident>(`/api/incidents/${id}/transition`, { action, version, ...(note ? { note } : {}) }),
  dispatch: (id: number, unitId: number, version: number, note?: string) =>
    http.post<Incident>(`/api/incidents/${id}/dispatch`, { unitId, version, ...(note ? { note } : {}) }),

  units: () => http.get<Unit[] | { items: Unit[] }>('/api/units').then(unwrapList),
  teams: () => http.get<Team[] | { items: Team[] }>('/api/teams').then(unwrapList),
  people: (q: { areaId?: number; role?: PersonRole; q?: string; page?: number; pageSize?: number }) =>
    http.get<{ items: Person[]; total: number }>('/api/people', q),
  stats: () => http.get<StatsSummary>('/api/stats/summary'),

  // ---- dispatch: recommendation, reach, coverage, response compliance, reinforcements
  recommendation: (id: number, echelon?: 1 | 2 | 3, signal?: AbortSignal) =>
    http.get<Recommendation>(`/api/incidents/${id}/recommendation`, { echelon }, signal),
  reach: (q: { lon?: number; lat?: number; unitId?: number; profile?: RoadProfileKey; budgets?: number[] }, signal?: AbortSignal) =>
    http.get<ReachFc>('/api/roads/reach', { lon: q.lon, lat: q.lat, unitId: q.unitId, profile: q.profile, budgets: q.budgets?.join(',') }, signal),
  coverage: (budgets: number[] = [180, 300], signal?: AbortSignal) => http.get<CoverageFc>('/api/roads/coverage', { budgets: budgets.join(',') }, signal),
  responseStats: (q: { level?: ComplianceLevel; from?: string; to?: string; by?: ('day' | 'category' | 'priority')[] }, signal?: AbortSignal) =>
    http.get<Compliance>('/api/stats/response', { level: q.level, from: q.from, to: q.to, by: q.by?.length ? q.by.join(',') : undefined }, signal),
  reinforcements: (q: { status?: 'open' | ReinforcementStatus; incidentId?: number } = {}) => http.get<Reinforcement[]>('/api/reinforcements', q),
  requestReinforcement: (incidentId: number, body: CreateReinforcementBody) => http.post<Reinforcement>(`/api/incidents/${incidentId}/reinforcements`, body),
  actOnReinforcement: (id: number, action: ReinforcementAction, version: number, note?: string) =>
    http.post<Reinforcement>(`/api/reinforcements/${id}/action`, { action, version, ...(note ? { note } : {}) }),
};

/** Lists are documented as arrays; accept `{ items }` too so a wrapped answer does not break the page. */
export function unwrapList<T>(x: T[] | { items: T[] }): T[] {
  return Array.isArray(x) ? x : (x?.items ?? []);
}
