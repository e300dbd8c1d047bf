// Typed calls of the reform simulator's API (docs/api.md, 改革推演); types from @jingwang/contracts.
import type { SimRun, SimRunBody, SimRunSummary } from '@jingwang/contracts';
import { http } from '../../api/client';

export const simApi = {
  /** Answers at once with the saved run (queued); poll `run` until it is done or failed. */
  start: (b: SimRunBody) => http.post<SimRun>('/api/sim/runs', b),
  runs: (q: { areaId?: number; limit?: number } = {}, signal?: AbortSignal) => http.get<SimRunSummary[]>('/api/sim/runs', q, signal),
  run: (id: number, signal?: AbortSignal) => http.get<SimRun>(`/api/sim/runs/${id}`, undefined, signal),
};
