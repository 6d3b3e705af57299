export * from './notice-drafts';
export * from './notice-store';
export * from './delivery-store';
export * from './release-store';
export * from './sweep-facts';
export * from './notice-views';
export * from './system-health';
export * from './handoff-facts';
