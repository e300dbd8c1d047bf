// Typed calls of the cases API (docs/api.md, 在手案件); types from @jingwang/contracts.
import type { CaseAddBody, CaseCreateBody, CaseFromBody, CaseDetailT, CaseItemBody, CaseLimitBody, CaseLimitT, CaseListQuery, CaseScreenT, CaseStatsT, CaseSupervisionT, CaseT, DisputeSummary, Person, ResidentLookupQuery, ResidentT } from '@jingwang/contracts';
import { http } from '../../api/client';

export const casesApi = {
  list: (q: CaseListQuery, signal?: AbortSignal) => http.get<CaseT[]>('/api/cases', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<CaseDetailT>(`/api/cases/${id}`, undefined, signal),
  create: (b: CaseCreateBody) => http.post<CaseDetailT>('/api/cases', b),
  fromIncident: (incidentId: number, b: CaseFromBody = {}) => http.post<CaseDetailT>(`/api/incidents/${incidentId}/case`, b),
  fromWarning: (warningId: number, b: CaseFromBody = {}) => http.post<CaseDetailT>(`/api/fraud/warnings/${warningId}/case`, b),
  addItem: (id: number, b: CaseItemBody) => http.post<CaseDetailT>(`/api/cases/${id}/items`, b),
  transition: (id: number, action: string, version: number, note?: string) => http.post<CaseDetailT>(`/api/cases/${id}/transition`, { action, version, ...(note ? { note } : {}) }),
  supervision: (q: { withinDays?: number; idleDays?: number } = {}, signal?: AbortSignal) => http.get<CaseSupervisionT>('/api/cases/supervision', q, signal),
  screen: (mine: boolean, signal?: AbortSignal) => http.get<CaseScreenT>('/api/cases/screen', mine ? { mine: true } : {}, signal),
  stats: (q: { level?: 'officer' | 'station' | 'district'; period?: string }, signal?: AbortSignal) => http.get<CaseStatsT>('/api/cases/stats', q, signal),
  /** Officers in charge, related people, places, disputes added to a case in hand (versioned). */
  add: (id: number, b: CaseAddBody) => http.post<CaseDetailT>(`/api/cases/${id}/additions`, b),
  limits: (signal?: AbortSignal) => http.get<CaseLimitT[]>('/api/cases/limits', undefined, signal),
  setLimit: (key: string, b: CaseLimitBody) => http.post<CaseLimitT>(`/api/cases/limits/${encodeURIComponent(key)}`, b),
  // the pickers of the additions: police officers, the registry's residents (exact lookup, audited), disputes in reach
  police: (q: string) => http.get<{ items: Person[]; total: number }>('/api/people', { role: 'police', ...(q ? { q } : {}), pageSize: 20 }),
  residents: (q: ResidentLookupQuery) => http.get<{ items: ResidentT[] }>('/api/registry/residents', q),
  disputes: () => http.get<DisputeSummary[]>('/api/disputes', {}),
  photoUrl: (id: number, itemId: number) => `/api/cases/${id}/items/${itemId}/photo`,
};
