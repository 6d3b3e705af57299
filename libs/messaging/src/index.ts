export * from './queues';
export * from './queue-backend';
