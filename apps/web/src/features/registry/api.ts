// The registry's endpoints (docs/api.md, 一标三实); types from the contracts' schemas.
import type {
  AddressDetailS,
  AddressHitsS,
  AddressImportBody,
  AddressImportResult,
  HouseCreateBody,
  ResidencyCreateBody,
  ResidencyLeaveBody,
  ResidentCreateBody,
  RevealS,
  Static,
} from '@jingwang/contracts';
import { http } from '../../api/client';

export type AddressDetail = Static<typeof AddressDetailS>;
export type AddressHits = Static<typeof AddressHitsS>;

export const registryApi = {
  search: (q: string, signal?: AbortSignal) => http.get<AddressHits>('/api/registry/addresses/search', { q, limit: 20 }, signal),
  address: (id: number, signal?: AbortSignal) => http.get<AddressDetail>(`/api/registry/addresses/${id}`, undefined, signal),
  addHouse: (b: HouseCreateBody) => http.post<{ id: number }>('/api/registry/houses', b),
  addResident: (b: ResidentCreateBody) => http.post<{ id: number; residencyId: number }>('/api/registry/residents', b),
  addResidency: (residentId: number, b: ResidencyCreateBody) => http.post<{ id: number }>(`/api/registry/residents/${residentId}/residencies`, b),
  leave: (residencyId: number, b: ResidencyLeaveBody) => http.post<{ id: number; version: number }>(`/api/registry/residencies/${residencyId}/leave`, b),
  reveal: (residentId: number, purpose: string) => http.post<Static<typeof RevealS>>(`/api/registry/residents/${residentId}/reveal`, { purpose }),
  importAddresses: (b: AddressImportBody) => http.post<AddressImportResult>('/api/registry/addresses/import', b),
};
