export * from './graph';
export * from './path';
export { MinHeap } from './heap';
