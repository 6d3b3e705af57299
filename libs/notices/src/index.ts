export * from './render';
export * from './channels';
export * from './delivery/notice-store';
export * from './delivery/notice-kinds';
export * from './delivery/revive';
