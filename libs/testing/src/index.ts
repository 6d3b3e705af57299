export * from './test-database';
export * from './test-app';
export * from './seed';
export * from './private-servers';
