export * from './rows';
export * from './projector';
export * from './unit-of-work';
export * from './policy-catalog';
export * from './calendar-years';
export * from './projection-rebuild';
export * from './lookups';
