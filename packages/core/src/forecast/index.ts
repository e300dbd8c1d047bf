// Place-based crime forecasting: grids, models, tuning and evaluation. Pure functions over plain data.
export * from './types';
export * from './grid';
export * from './smooth';
export * from './evaluate';
export * from './sepp';
export * from './models';
export * from './ensemble';
export * from './tune';
