export * from './idcard';
export * from './address';
export * from './match';
