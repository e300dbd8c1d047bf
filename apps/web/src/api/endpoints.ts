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
};

/** Lists are documented as arrays; accept `{ items }` too so a wrapped answer does not break the page. */
export function unwrapList<T>(x: T[] | { items: T[] }): T[] {
  return Array.isArray(x) ? x : (x?.items ?? []);
}
