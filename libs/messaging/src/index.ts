export * from './queues';
export * from './queue-backend';
export * from './redis';
