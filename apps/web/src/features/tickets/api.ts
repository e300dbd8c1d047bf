// Typed wrappers of the tickets API (docs/api.md, 工作交办单); types from @jingwang/contracts.
import type { Static, Ticket, TicketActionBody, TicketCreateBody, TicketDetail, TicketListQuery, TicketRouteBody, TicketStats, TicketUserAction, AgencyS } from '@jingwang/contracts';
import { http } from '../../api/client';

export const ticketsApi = {
  list: (q: TicketListQuery = {}, signal?: AbortSignal) => http.get<Ticket[]>('/api/tickets', q, signal),
  get: (id: number, signal?: AbortSignal) => http.get<TicketDetail>(`/api/tickets/${id}`, undefined, signal),
  create: (b: TicketCreateBody) => http.post<{ reopened: boolean; ticket: TicketDetail }>('/api/tickets', b),
  act: (id: number, action: TicketUserAction, b: TicketActionBody) => http.post<TicketDetail>(`/api/tickets/${id}/${action}`, b),
  route: (id: number, b: TicketRouteBody) => http.post<TicketDetail>(`/api/tickets/${id}/route`, b),
  stats: (q: { by?: 'agency' | 'station'; from?: string; to?: string }, signal?: AbortSignal) => http.get<TicketStats>('/api/tickets/stats', q, signal),
  agencies: (signal?: AbortSignal) => http.get<Static<typeof AgencyS>[]>('/api/agencies', undefined, signal),
  photoUrl: (id: number) => `/api/tickets/photos/${id}`,
};
