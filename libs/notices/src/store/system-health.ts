/** What administrators read on the system-health page: the outbox backlog and the deliveries (by channel, failed). */
import type { Queryable } from '@app/persistence';

export interface DeliveryHealth {
  outbox: { pending: number; oldestAt: Date | null; lagSeconds: number };
  deliveries: { channel: string; status: string; count: number }[];
  failedDeliveries: { id: string; channel: string; attempts: number; lastError: string | null; at: Date; title: string }[];
}

/** Deliveries of one subdistrict (null: all, for a deployment-wide administrator); the outbox is the deployment's. */
export async function readDeliveryHealth(db: Queryable, subdistrictId: string | null): Promise<DeliveryHealth> {
  const scope = [subdistrictId];
  const [[outbox], deliveries, failed] = await Promise.all([
    db.query(`SELECT count(*)::int AS pending, min(created_at) AS oldest, now() AS now FROM outbox WHERE relayed_at IS NULL`),
    db.query(
      `SELECT d.channel, d.status, count(*)::int AS count FROM deliveries d JOIN notices n ON n.id = d.notice_id
       WHERE $1::uuid IS NULL OR n.subdistrict_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`, scope),
    db.query(
      `SELECT d.id, d.channel, d.attempts, d.last_error, d.updated_at, n.title
       FROM deliveries d JOIN notices n ON n.id = d.notice_id
       WHERE d.status = 'failed' AND ($1::uuid IS NULL OR n.subdistrict_id = $1) ORDER BY d.updated_at DESC LIMIT 20`, scope),
  ]);
  return {
    outbox: {
      pending: outbox.pending, oldestAt: outbox.oldest,
      lagSeconds: outbox.oldest ? Math.max(0, Math.round((+new Date(outbox.now) - +new Date(outbox.oldest)) / 1000)) : 0,
    },
    deliveries,
    failedDeliveries: failed.map((f: any) => ({ id: f.id, channel: f.channel, attempts: f.attempts, lastError: f.last_error, at: f.updated_at, title: f.title })),
  };
}
