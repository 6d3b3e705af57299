export * from './actor';
export * from './clock';
export * from './platform.module';
export * from './runtime';
export * from './logging';
export * from './shutdown';
export * from './log-safe-error';
export * from './ids';
