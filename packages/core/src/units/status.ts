// A unit's status set by hand (issue 12 part 3): on duty (available), off duty (下勤), meal break, busy, out of
// service, each reachable from the others; a unit on an incident (dispatched, en route, on scene) follows its
// incident and cannot be set by hand until it is released. Only an available unit is recommended for dispatch.
import { defineMachine } from '../workflow/machine';

export const MANUAL_UNIT_STATES = ['available', 'off_duty', 'meal_break', 'busy', 'out_of_service'] as const;
export type ManualUnitState = (typeof MANUAL_UNIT_STATES)[number];
export type UnitState = ManualUnitState | 'dispatched' | 'en_route' | 'on_scene';

const toOthers = (from: ManualUnitState): Partial<Record<ManualUnitState, UnitState>> =>
  Object.fromEntries(MANUAL_UNIT_STATES.filter((s) => s !== from).map((s) => [s, s]));

export const unitStatusMachine = defineMachine<UnitState, ManualUnitState>(
  'unit_status',
  {
    available: toOthers('available'),
    off_duty: toOthers('off_duty'),
    meal_break: toOthers('meal_break'),
    busy: toOthers('busy'),
    out_of_service: toOthers('out_of_service'),
    dispatched: {},
    en_route: {},
    on_scene: {},
  },
  MANUAL_UNIT_STATES,
);
