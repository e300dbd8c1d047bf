export * from './types';
export { planPatrols } from './plan';
export { checkPlan, type CheckOptions } from './check';
export { parseChaoInstance, chaoToProblem, euclideanMatrix, type ChaoInstance } from './chao';
export * from './risk';
export * from './field';
export * from './machine';
export * from './proof';
export * from './visits';
