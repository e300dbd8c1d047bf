export * from './types';
export * from './gcj02';
export * from './measure';
export * from './pip';
export * from './union';
export * from './validate';
