// Risk cells for patrol planning: where incidents are likely during a shift, from historic incident density.
//
// A square grid (cellMeters on a side) in a local equirectangular frame whose scale is fixed by `refLat`, anchored at
// lon 0 / lat 0, so that a cell's id ("c:<ix>:<iy>") is the same in every plan of a deployment. Each past incident
// adds a weight to its cell: recency (halving every halfLifeDays) times time of day (1 when the incident's local
// time of day falls inside the shift, `outsideShiftWeight` otherwise). Risks are shares: they sum to 1 over all cells
// with incidents. Place-based only: the input is where and when, never who.
//
// The planner uses these cells when the district has no forecast for the plan's date and shift; when it has one
// (packages/core/src/forecast, on the same grid), the forecast's cells are used instead. The plan names its source
// (`historic_density_180d` or `forecast_<model>`).

import { metersPerDegree } from '../geo/measure';

export interface RiskEvent {
  lon: number;
  lat: number;
  /** Epoch milliseconds. */
  at: number;
}

export interface RiskCellOptions {
  /** Cell side, metres. Default 250. */
  cellMeters?: number;
  /** Latitude fixing the grid's scale; use the deployment's (e.g. its centre rounded to a degree). */
  refLat: number;
  /** Epoch ms the risk is for (the shift's start); events after it are ignored. */
  now: number;
  /** Events older than this are ignored. Default 180. */
  horizonDays?: number;
  /** Default 45. */
  halfLifeDays?: number;
  /** Local minute of day the shift starts (0..1439) and its length in minutes. */
  shiftStartMinute: number;
  shiftMinutes: number;
  /** Offset of local time from UTC, minutes (China: 480). */
  utcOffsetMinutes: number;
  /** Weight of an incident outside the shift's hours. Default 0.25. */
  outsideShiftWeight?: number;
}

export interface RiskCell {
  id: string;
  ix: number;
  iy: number;
  /** Cell centre. */
  lon: number;
  lat: number;
  /** Share of the weighted incidents (all cells sum to 1). */
  risk: number;
  /** Incidents counted (unweighted). */
  count: number;
}

const DAY_MS = 86_400_000;

export interface RiskGrid {
  cellMeters: number;
  refLat: number;
  cellOf(lon: number, lat: number): { ix: number; iy: number; id: string };
  centre(ix: number, iy: number): [number, number];
}

export function riskGrid(refLat: number, cellMeters = 250): RiskGrid {
  const m = metersPerDegree(refLat);
  const dLon = cellMeters / m.lon;
  const dLat = cellMeters / m.lat;
  return {
    cellMeters,
    refLat,
    cellOf(lon, lat) {
      const ix = Math.floor(lon / dLon);
      const iy = Math.floor(lat / dLat);
      return { ix, iy, id: `c:${ix}:${iy}` };
    },
    centre(ix, iy) {
      return [(ix + 0.5) * dLon, (iy + 0.5) * dLat];
    },
  };
}

/** True when the local minute of day `m` lies in [start, start + length) modulo a day. */
export function inDailyWindow(m: number, start: number, length: number): boolean {
  if (length >= 1440) return true;
  const d = (((m - start) % 1440) + 1440) % 1440;
  return d < length;
}

/** Risk cells from past incidents, highest risk first (ties by id). */
export function riskCells(events: readonly RiskEvent[], o: RiskCellOptions): RiskCell[] {
  const grid = riskGrid(o.refLat, o.cellMeters ?? 250);
  const horizon = (o.horizonDays ?? 180) * DAY_MS;
  const half = (o.halfLifeDays ?? 45) * DAY_MS;
  const outside = o.outsideShiftWeight ?? 0.25;
  const cells = new Map<string, { ix: number; iy: number; w: number; n: number }>();
  let total = 0;
  for (const e of events) {
    const age = o.now - e.at;
    if (!(age >= 0 && age <= horizon) || !Number.isFinite(e.lon) || !Number.isFinite(e.lat)) continue;
    const localMinute = Math.floor((((e.at / 60_000 + o.utcOffsetMinutes) % 1440) + 1440) % 1440);
    const w = Math.pow(0.5, age / half) * (inDailyWindow(localMinute, o.shiftStartMinute, o.shiftMinutes) ? 1 : outside);
    const c = grid.cellOf(e.lon, e.lat);
    const cell = cells.get(c.id) ?? { ix: c.ix, iy: c.iy, w: 0, n: 0 };
    cell.w += w;
    cell.n += 1;
    cells.set(c.id, cell);
    total += w;
  }
  const out: RiskCell[] = [];
  for (const [id, c] of cells) {
    const [lon, lat] = grid.centre(c.ix, c.iy);
    out.push({ id, ix: c.ix, iy: c.iy, lon, lat, risk: total > 0 ? c.w / total : 0, count: c.n });
  }
  out.sort((a, b) => b.risk - a.risk || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}
