export * from './domain';
export * from './errors';
export * from './api';
export * from './realtime';
export * from './mask';
export * from './dispatch';
export * from './patrol';
export * from './fraud';
