// The reform simulator (改革推演): see types.ts and docs/simulator.md.
export * from './types';
export {
  DEFAULT_DIURNAL_PROFILE,
  DEFAULT_SERVICE_TIME,
  DEFAULT_MODE_TIME_FACTOR,
  reformLabel,
  allReformPolicies,
  allocateReformUnits,
} from './defaults';
export { prepareReform, type PreparedReform } from './prepare';
export { simulateReform, drawCallTimes } from './engine';
export { compareReform, reformAssumptions, estimate as reformEstimate } from './compare';
export { solveHypercube } from './hypercube';
