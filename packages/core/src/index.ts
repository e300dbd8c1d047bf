export * from './incident/index';
export * from './sim/index';
export * from './geo/index';
export * from './roads/index';
export * from './dispatch/index';
export * from './patrol/index';
export * from './forecast/index';
export * from './tasks/index';
