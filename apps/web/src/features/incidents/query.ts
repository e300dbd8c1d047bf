// The search form's filters as the API's query (empty fields left out; days in local time, the end day included).
import type { Dayjs } from 'dayjs';
import type { Disposition, IncidentCategory, IncidentListQuery, IncidentStatus } from '@jingwang/contracts';

export interface Filters {
  number?: string;
  phone?: string;
  address?: string;
  areaId?: number;
  status?: IncidentStatus[];
  category?: IncidentCategory;
  disposition?: Disposition;
  time?: [Dayjs | null, Dayjs | null] | null;
}

/** The query string of the filters (empty fields left out). */
export function searchQuery(f: Filters, page: number, pageSize: number): IncidentListQuery {
  const q: IncidentListQuery = { page, pageSize };
  if (f.number?.trim()) q.number = f.number.trim();
  if (f.phone?.trim()) q.phone = f.phone.trim();
  if (f.address?.trim()) q.address = f.address.trim();
  if (f.areaId) q.areaId = f.areaId;
  if (f.status?.length) q.status = f.status.join(',');
  if (f.category) q.category = f.category;
  if (f.disposition) q.disposition = f.disposition;
  if (f.time?.[0]) q.from = f.time[0].startOf('day').toISOString();
  if (f.time?.[1]) q.to = f.time[1].add(1, 'day').startOf('day').toISOString();
  return q;
}

