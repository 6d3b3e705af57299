export * from './errors';
export * from './machine-runtime';
export * from './station-year.machine';
export * from './assessment-year.machine';
export * from './state-sets';
export * from './hand-offs';
