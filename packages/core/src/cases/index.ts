export * from './machine';
export * from './deadlines';
