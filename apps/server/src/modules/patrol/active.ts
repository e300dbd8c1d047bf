// Routes on now, per context: what the geofence and deviation checks of each position batch need, cached and
// rebuilt when a plan is published, edited or cancelled (on this node or, through the change bus, another) and at
// least every minute (shifts start and end).
import type { Ctx } from '../../context';

export interface ActiveStop {
  index: number;
  kind: 'point' | 'line' | 'cell';
  ref: string;
  lon: number;
  lat: number;
  radius: number;
  /** Lines: start, middle and end, each to be passed. */
  checkpoints?: [number, number][];
  minGapMs: number;
}

export interface ActiveRoute {
  planId: number;
  routeId: number;
  unitId: number;
  areaId: number;
  shiftStart: number;
  shiftEnd: number;
  path: [number, number][];
  stops: ActiveStop[];
}

interface State {
  generation: number;
  builtGeneration: number;
  builtAt: number;
  byUnit: Map<number, ActiveRoute[]>;
  /** Recent positions of units on a route (for the off-route rule), newest last, at most RECENT per unit. */
  recent: Map<number, { lon: number; lat: number; at: number }[]>;
}

const states = new WeakMap<Ctx, State>();

export function activeState(ctx: Ctx): State {
  let s = states.get(ctx);
  if (!s) {
    s = { generation: 1, builtGeneration: 0, builtAt: 0, byUnit: new Map(), recent: new Map() };
    states.set(ctx, s);
  }
  return s;
}

export function invalidateActive(ctx: Ctx): void {
  activeState(ctx).generation++;
}
