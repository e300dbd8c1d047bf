export * from './graph';
export * from './path';
export { MinHeap } from './heap';
export * from './osm';
export * from './profile';
export * from './ch';
export * from './snap';
export * from './reach';
