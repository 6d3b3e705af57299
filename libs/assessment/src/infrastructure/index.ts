export * from './rows';
export * from './projector';
export * from './unit-of-work';
export * from './policy-catalog';
