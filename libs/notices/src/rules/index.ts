export * from './no-longer-due';
export * from './occasion-label';
export * from './reminder-rules';
export * from './release-rules';
export * from './system-rules';
export * from './handoff-rules';
export * from './notice-link';
