/**
 * What people read about notices: the inbox, the deliveries of a subdistrict, a station's notices (its timeline),
 * one notice for its PDF; and the two writes people make: marking an inbox item, retrying a failed delivery. Every
 * list carries the notice's occasion (12月15日自评提醒) and issue time, and filters by them.
 *
 * Inbox visibility (choice): a user sees items addressed to them (recipient user), station users also those
 * addressed to their station, and coordinators and leaders of a subdistrict also those addressed to its departments
 * (dispatching and organisation/HR), as departments have no accounts of their own: the coordination group reads
 * their inbox and forwards. Read/acknowledge marks are per item (shared by whoever sees it).
 */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendEvents } from '@app/persistence';
import type { Actor } from '@app/platform';

export interface OccasionFilter {
  /** Exact occasion label, e.g. 12月15日自评提醒. */
  occasion?: string;
  /** Notice kind, e.g. self_assessment_reminder. */
  kind?: string;
  /** Issued at or after / before (instants). */
  issuedFrom?: Date;
  issuedBefore?: Date;
}

/** The occasion label of a notice row (older rows without one show their occasion key). */
const LABEL = `coalesce(n.occasion_label, n.occasion)`;

function occasionWhere(f: OccasionFilter, params: unknown[]): string {
  const parts: string[] = [];
  if (f.occasion) parts.push(`${LABEL} = $${params.push(f.occasion)}`);
  if (f.kind) parts.push(`n.kind = $${params.push(f.kind)}`);
  if (f.issuedFrom) parts.push(`n.created_at >= $${params.push(f.issuedFrom)}`);
  if (f.issuedBefore) parts.push(`n.created_at < $${params.push(f.issuedBefore)}`);
  return parts.map((p) => ` AND ${p}`).join('');
}

/** SQL condition (on inbox_items i) for what the actor may see; parameters $1 user, $2 station, $3 subdistrict, $4 departments. */
function visible(actor: Actor): { sql: string; params: unknown[] } {
  const mayReadDepartments = actor.role === 'coordinator' || actor.role === 'leader';
  return {
    sql: `((i.recipient_type = 'user' AND i.recipient_id = $1)
        OR (i.recipient_type = 'station' AND i.recipient_id = $2::uuid)
        OR ($4::boolean AND i.recipient_type = 'department'
            AND i.recipient_id IN (SELECT id FROM departments WHERE subdistrict_id = $3::uuid)))`,
    params: [actor.userId, actor.stationId, actor.subdistrictId, mayReadDepartments],
  };
}

export interface InboxRow {
  id: string; notice_id: string; recipient_type: string; recipient_id: string; created_at: Date; read_at: Date | null;
  acknowledged_at: Date | null; kind: string; title: string; number: string | null; year: number; station_id: string | null;
  payload: unknown; occasion_label: string; issued_at: Date;
}

@Injectable()
export class NoticeViews {
  constructor(private readonly db: DataSource) {}

  inbox(actor: Actor, f: OccasionFilter & { unread?: boolean; limit: number }): Promise<InboxRow[]> {
    const v = visible(actor);
    const params = [...v.params];
    const where = occasionWhere(f, params);
    return this.db.query(
      `SELECT i.id, i.notice_id, i.recipient_type, i.recipient_id, i.created_at, i.read_at, i.acknowledged_at,
              n.kind, n.title, n.number, n.year, n.station_id, n.payload, ${LABEL} AS occasion_label, n.created_at AS issued_at
         FROM inbox_items i JOIN notices n ON n.id = i.notice_id
        WHERE ${v.sql} ${f.unread ? 'AND i.read_at IS NULL' : ''} ${where}
        ORDER BY i.created_at DESC, i.id LIMIT $${params.push(f.limit)}`,
      params,
    );
  }

  /** Sets read_at or acknowledged_at (acknowledging also reads) once; undefined: not an item the actor sees. */
  async markInbox(actor: Actor, id: string, column: 'read_at' | 'acknowledged_at', now: Date) {
    const v = visible(actor);
    const also = column === 'acknowledged_at' ? ', read_at = coalesce(i.read_at, $6)' : '';
    const [row] = await this.db.query(
      `WITH u AS (UPDATE inbox_items i SET ${column} = coalesce(i.${column}, $6) ${also}
        WHERE i.id = $5 AND ${v.sql} RETURNING i.id, i.read_at, i.acknowledged_at) SELECT * FROM u`,
      [...v.params, id, now],
    );
    return row as { id: string; read_at: Date | null; acknowledged_at: Date | null } | undefined;
  }

  deliveries(subdistrictId: string, f: OccasionFilter & { status?: string; stationId?: string; limit: number }) {
    const params: unknown[] = [subdistrictId, f.status ?? null];
    const where = occasionWhere(f, params) + (f.stationId ? ` AND n.station_id = $${params.push(f.stationId)}` : '');
    return this.db.query(
      `SELECT d.id, d.channel, d.address, d.status, d.attempts, d.last_error, d.next_attempt_at, d.delivered_at, d.updated_at,
              n.id AS notice_id, n.kind, n.title, n.number, n.station_id, n.recipient_type, n.recipient_id, n.year,
              ${LABEL} AS occasion_label, n.created_at AS issued_at
         FROM deliveries d JOIN notices n ON n.id = d.notice_id
        WHERE n.subdistrict_id = $1 AND ($2::text IS NULL OR d.status = $2) ${where}
        ORDER BY d.updated_at DESC LIMIT $${params.push(f.limit)}`,
      params,
    );
  }

  /** Notices about one station's year (its timeline), oldest first, with where each delivery stands. */
  stationNotices(subdistrictId: string, stationId: string, year: number) {
    return this.db.query(
      `SELECT n.id, n.kind, n.title, n.number, n.recipient_type, n.recipient_id, ${LABEL} AS occasion_label, n.created_at AS issued_at,
              coalesce(jsonb_agg(jsonb_build_object('channel', d.channel, 'status', d.status, 'deliveredAt', d.delivered_at) ORDER BY d.channel)
                       FILTER (WHERE d.id IS NOT NULL), '[]') AS deliveries
         FROM notices n LEFT JOIN deliveries d ON d.notice_id = n.id
        WHERE n.subdistrict_id = $1 AND n.year = $3 AND (n.station_id = $2 OR (n.recipient_type = 'station' AND n.recipient_id = $2))
        GROUP BY n.id ORDER BY n.created_at, n.id`,
      [subdistrictId, stationId, year],
    );
  }

  /** A failed delivery back to pending (attempts start over), recorded as DeliveryRetried. Returns its state before. */
  async retryFailed(actor: Actor, subdistrictId: string, deliveryId: string, now: Date): Promise<{ status: string; channel: string } | undefined> {
    const [d] = await this.db.query(
      `SELECT d.status, d.channel FROM deliveries d JOIN notices n ON n.id = d.notice_id WHERE d.id = $1 AND n.subdistrict_id = $2`,
      [deliveryId, subdistrictId],
    );
    if (!d || d.status !== 'failed') return d;
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2, claimed_until = NULL, updated_at = $2 WHERE id = $1 AND status = 'failed'`,
        [deliveryId, now],
      );
      await appendEvents(tx, [{ streamType: 'delivery', streamId: deliveryId, subdistrictId, type: 'DeliveryRetried', payload: { deliveryId },
        actorId: actor.userId, actorRole: actor.role, occurredAt: now }]);
    });
    return d;
  }

  /** The notice of an inbox item the actor sees (a station's own 抄告, for its PDF); undefined otherwise. */
  async inboxNotice(actor: Actor, id: string): Promise<{ payload: unknown; number: string | null; title: string } | undefined> {
    const v = visible(actor);
    const [n] = await this.db.query(
      `SELECT n.payload, n.number, n.title FROM inbox_items i JOIN notices n ON n.id = i.notice_id WHERE i.id = $5 AND ${v.sql}`,
      [...v.params, id],
    );
    return n;
  }

  async notice(subdistrictId: string, noticeId: string): Promise<{ payload: unknown; number: string | null; title: string } | undefined> {
    const [n] = await this.db.query(`SELECT payload, number, title FROM notices WHERE id = $1 AND subdistrict_id = $2`, [noticeId, subdistrictId]);
    return n;
  }
}
