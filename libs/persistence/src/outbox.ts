import { DataSource } from 'typeorm';
import type { Queryable } from './sql';
import { runStep, WriteStep } from './write-step';

export interface OutboxMessage {
  queue: string;
  name: string;
  payload: Record<string, unknown>;
}

export interface OutboxRow extends OutboxMessage {
  id: string;
}

/** Inserts messages in the caller's transaction: they leave only if the transaction commits. */
export async function enqueueOutbox(tx: Queryable, messages: OutboxMessage[]): Promise<void> {
  if (!messages.length) return;
  await runStep(tx, outboxStep(messages));
}

/** The INSERT of `enqueueOutbox` as a step, to run alone or in one statement; messages must not be empty. */
export function outboxStep(messages: OutboxMessage[]): WriteStep {
  const params: unknown[] = [];
  const rows = messages.map((m, i) => {
    params.push(m.queue, m.name, JSON.stringify(m.payload));
    return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3})`;
  });
  return { sql: `INSERT INTO outbox (queue, name, payload) VALUES ${rows.join(', ')}`, params };
}

/**
 * Moves committed outbox rows to their queues. Rows are locked with FOR UPDATE SKIP LOCKED so several relays
 * share the work; a row is marked relayed only after its job was added, so a crash in between re-adds it with
 * the same job id (the queue ignores the duplicate).
 */
export async function relayOutbox(
  dataSource: DataSource,
  publish: (rows: OutboxRow[]) => Promise<void>,
  batchSize = 500,
): Promise<number> {
  return dataSource.transaction(async (tx) => {
    const rows: any[] = await tx.query(
      `SELECT id, queue, name, payload FROM outbox WHERE relayed_at IS NULL
       ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [batchSize],
    );
    if (!rows.length) return 0;
    await publish(rows.map((r) => ({ id: String(r.id), queue: r.queue, name: r.name, payload: r.payload })));
    await tx.query(`UPDATE outbox SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    return rows.length;
  });
}
