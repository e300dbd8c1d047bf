// The reform simulator (改革推演): see types.ts and docs/simulator.md.
export * from './types';
