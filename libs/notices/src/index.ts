export * from './render';
export * from './channels';
export * from './delivery/notice-store';
export * from './delivery/notice-kinds';
export * from './delivery/revive';
export * from './delivery/delivery-options';
export * from './delivery/delivery-queue.service';
export * from './delivery/delivery-queue.module';
