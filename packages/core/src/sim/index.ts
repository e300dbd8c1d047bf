export * from './types';
export { createRng, hashString, type Rng } from './rng';
export { generateDemoCounty, REFORM_MONTHS_BEFORE_END, type DemoCountyOptions } from './demoCounty';
export {
  createUnitMover,
  sampleLiveIncident,
  expectedIncidentsPerHour,
  type UnitMover,
  type UnitMove,
  type UnitPlaceOptions,
  type LiveIncident,
} from './live';
export {
  COUNTY_CODE as DEMO_COUNTY_CODE,
  DISTRICT_CODE as DEMO_DISTRICT_CODE,
  STATIONS as DEMO_STATIONS,
  type StationSpec as DemoStationSpec,
} from './demoGeometry';
export { DAILY_MEAN as DEMO_DAILY_INCIDENTS } from './rhythm';
export * from './reform/index';
