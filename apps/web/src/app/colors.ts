// One palette for statuses and priorities, used by tags, the map and the legend alike.
import type { IncidentStatus, Priority, UnitStatus, AreaKind } from '@jingwang/contracts';

/** [antd preset tag colour, hex used on the map and in charts] */
export const UNIT_STATUS_COLOR: Record<UnitStatus, { tag: string; hex: string }> = {
  available: { tag: 'green', hex: '#52c41a' },
  dispatched: { tag: 'orange', hex: '#fa8c16' },
  en_route: { tag: 'blue', hex: '#1677ff' },
  on_scene: { tag: 'red', hex: '#f5222d' },
  busy: { tag: 'default', hex: '#8c8c8c' },
  off_duty: { tag: 'default', hex: '#6b7785' },
  meal_break: { tag: 'gold', hex: '#d4b106' },
  out_of_service: { tag: 'default', hex: '#434343' },
};

export const INCIDENT_STATUS_COLOR: Record<IncidentStatus, { tag: string; hex: string }> = {
  new: { tag: 'magenta', hex: '#eb2f96' },
  dispatched: { tag: 'orange', hex: '#fa8c16' },
  en_route: { tag: 'blue', hex: '#1677ff' },
  on_scene: { tag: 'red', hex: '#f5222d' },
  resolved: { tag: 'cyan', hex: '#13c2c2' },
  closed: { tag: 'green', hex: '#52c41a' },
  cancelled: { tag: 'default', hex: '#8c8c8c' },
  transferred: { tag: 'geekblue', hex: '#2f54eb' },
};

export const PRIORITY_COLOR: Record<Priority, { tag: string; hex: string }> = {
  1: { tag: 'red', hex: '#ff4d4f' },
  2: { tag: 'orange', hex: '#fa8c16' },
  3: { tag: 'gold', hex: '#fadb14' },
};

/** Area outlines on the map: distinct hues per kind, finer lines for finer areas. */
export const AREA_STYLE: Record<AreaKind, { color: string; width: number; fillOpacity: number; dash?: number[] }> = {
  county: { color: '#e6f4ff', width: 3, fillOpacity: 0 },
  district: { color: '#b37feb', width: 3, fillOpacity: 0.05 },
  station: { color: '#ffc53d', width: 2.2, fillOpacity: 0.04 },
  police_grid: { color: '#36cfc9', width: 1.6, fillOpacity: 0.05, dash: [3, 2] },
  resp_zone: { color: '#ff85c0', width: 1.4, fillOpacity: 0.04 },
  community: { color: '#95de64', width: 1.2, fillOpacity: 0.05 },
  grid: { color: '#69b1ff', width: 0.8, fillOpacity: 0.06 },
  patrol_zone: { color: '#ff9c6e', width: 1.2, fillOpacity: 0.04 },
};
