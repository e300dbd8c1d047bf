// The reform simulator (改革推演): see types.ts and docs/simulator.md.
export * from './types';
export {
  DEFAULT_DIURNAL_PROFILE,
  DEFAULT_SERVICE_TIME,
  DEFAULT_MODE_TIME_FACTOR,
  DEFAULT_TURNOUT_AT,
  DEFAULT_CONGESTION_PROFILE,
  DEFAULT_TRAFFIC_BY_HOUR,
  URBAN_BASE_FACTOR,
  reformLabel,
  allReformPolicies,
  allocateReformUnits,
  allocateReformShifts,
} from './defaults';
export { prepareReform, withReformSettings, type PreparedReform, type ReformSettings } from './prepare';
export { simulateReform, drawCallTimes } from './engine';
export { compareReform, reformAssumptions, estimate as reformEstimate, countEstimate as reformCountEstimate } from './compare';
export { solveHypercube } from './hypercube';
