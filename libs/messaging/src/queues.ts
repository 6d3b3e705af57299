/** Queue names and the typed payload of each job kind. */
export const QUEUES = {
  /** Delivery of one notice over one channel. */
  notices: 'notices',
  /** The periodic sweep that derives what is due (reminders, deadlines, notices) from Postgres. */
  sweep: 'sweep',
  /** Domain events relayed from the outbox to their reactions (e.g. notices on release). */
  domainEvents: 'domain-events',
  /** Long exports (XLSX, PDF bundles) with progress. */
  exports: 'exports',
  /** The periodic recovery: re-queues stuck exports, issues the 抄告 a lost release job left out. */
  recovery: 'recovery',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  'notices': { deliveryId: string };
  'sweep': { at?: string };
  'domain-events': { eventType: string; streamId: string; subdistrictId?: string; payload: Record<string, unknown> };
  'exports': { exportId: string };
  'recovery': Record<string, never>;
}

/** Job ids that make a repeated enqueue of the same thing a no-op (BullMQ ignores a duplicate id). */
export const jobIds = {
  delivery: (deliveryId: string) => `delivery-${deliveryId}`,
  export: (exportId: string) => `export-${exportId}`,
  outbox: (outboxId: string) => `outbox-${outboxId}`,
  sweep: 'sweep-scheduler',
  recovery: 'recovery-scheduler',
};
