export * from './incident/index';
