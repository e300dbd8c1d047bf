// Typed wrappers of the disputes API (docs/api.md, 矛盾纠纷); types from @jingwang/contracts.
import type {
  Dispute,
  DisputeCaseBody,
  DisputeCreateBody,
  DisputeEscalateBody,
  DisputeFeedbackBody,
  DisputeFollowupBody,
  DisputeIndicators,
  DisputeIndicatorsQuery,
  DisputeListQuery,
  DisputeReferBody,
  DisputeRegradeBody,
  DisputeResolveBody,
  DisputeSessionBody,
  DisputeSummary,
} from '@jingwang/contracts';
import { http } from '../../api/client';

export const disputesApi = {
  list: (q: DisputeListQuery = {}, signal?: AbortSignal) => http.get<DisputeSummary[]>('/api/disputes', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<Dispute>(`/api/disputes/${id}`, undefined, signal),
  create: (b: DisputeCreateBody) => http.post<Dispute>('/api/disputes', b),
  contacts: (id: number) => http.get<{ parties: { id: number; role: string; name: string; phone: string | null }[] }>(`/api/disputes/${id}/contacts`),
  session: (id: number, b: DisputeSessionBody) => http.post<Dispute>(`/api/disputes/${id}/sessions`, b),
  refer: (id: number, b: DisputeReferBody) => http.post<Dispute>(`/api/disputes/${id}/refer`, b),
  feedback: (id: number, b: DisputeFeedbackBody) => http.post<Dispute>(`/api/disputes/${id}/feedback`, b),
  resolve: (id: number, b: DisputeResolveBody) => http.post<Dispute>(`/api/disputes/${id}/resolve`, b),
  escalate: (id: number, b: DisputeEscalateBody) => http.post<Dispute>(`/api/disputes/${id}/escalate`, b),
  grade: (id: number, b: DisputeRegradeBody) => http.post<Dispute>(`/api/disputes/${id}/grade`, b),
  followup: (id: number, b: DisputeFollowupBody) => http.post<Dispute>(`/api/disputes/${id}/followup`, b),
  linkCase: (id: number, b: DisputeCaseBody) => http.post<Dispute>(`/api/disputes/${id}/case`, b),
  indicators: (q: DisputeIndicatorsQuery, signal?: AbortSignal) => http.get<DisputeIndicators>('/api/disputes/indicators', q, signal),
};
