export * from './domain';
export * from './errors';
export * from './api';
export * from './realtime';
export * from './mask';
export * from './dispatch';
export * from './geojson';
export * from './patrol';
export * from './fraud';
export * from './analysis';
export * from './tasks';
export * from './mdt';
export * from './instructions';
export * from './admin';
export * from './intake';
/** `Static<typeof XS>`: the type of a schema that has no exported alias (the web has no direct TypeBox dependency). */
export type { Static } from '@sinclair/typebox';
export * from './registry';
export * from './disputes';
