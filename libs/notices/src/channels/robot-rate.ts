/**
 * Work-chat robots accept a fixed number of messages per minute (DingTalk and WeCom: 20 per robot). Workers
 * reserve a slot in PostgreSQL before sending (shared by every worker process): within the limit the message goes
 * now; beyond it the delivery waits until the oldest send of the window leaves it — a delay, never a failure.
 * Times are the database's wall clock (the vendors count real minutes).
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '@app/persistence';

export type InTransaction = <T>(work: (q: Queryable) => Promise<T>) => Promise<T>;

/** A robot's identity for its limit: the channel and its token or key (hashed: no secret stored). */
export function robotKey(kind: string, tokenOrKey: string): string {
  return `${kind}:${createHash('sha256').update(tokenOrKey).digest('hex').slice(0, 32)}`;
}

/**
 * Reserves a send now ({ reserved }: the slot's time, to be moved to the send's end by robotSent) or answers when
 * one frees up ({ later }). One transaction, serialised per robot.
 */
export async function reserveRobotSlot(tx: InTransaction, robot: string, perWindow: number, windowMs: number): Promise<{ reserved: string } | { later: Date }> {
  return tx(async (q) => {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [robot]);
    const [r] = await q.query(
      `WITH recent AS (SELECT sent_at FROM robot_sends WHERE robot = $1 AND sent_at > clock_timestamp() - $2 * interval '1 millisecond'
                        ORDER BY sent_at DESC LIMIT $3)
       SELECT count(*)::int AS n, min(sent_at) + $2 * interval '1 millisecond' AS free_at FROM recent`,
      [robot, windowMs, perWindow],
    );
    if (r.n >= perWindow) return { later: r.free_at as Date };
    const [{ sent_at }] = await q.query(`INSERT INTO robot_sends (robot, sent_at) VALUES ($1, clock_timestamp()) RETURNING sent_at::text AS sent_at`, [robot]);
    await q.query(`DELETE FROM robot_sends WHERE robot = $1 AND sent_at < clock_timestamp() - $2 * interval '1 millisecond' * 2`, [robot, windowMs]);
    return { reserved: sent_at as string }; // as text: microseconds, so robotSent finds the row again
  });
}

/**
 * After the request: the slot counts from when the robot surely had the message (the answer's time), not from the
 * reservation, so a slow request cannot make the next window start before the robot's does.
 */
export async function robotSent(db: Queryable, robot: string, reserved: string): Promise<void> {
  await db.query(`UPDATE robot_sends SET sent_at = clock_timestamp() WHERE robot = $1 AND sent_at = $2::timestamptz`, [robot, reserved]);
}
