import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { localDateTime, startOfDay, startOfNextDay } from '@app/calendar';
import { ApiError } from '../http/api-error';
import { AuditChange, changesOf, eventTypeLabel, roleLabel, summaryOf } from './audit.labels';
import type { AuditFilterDto } from './audit.dto';
import { UUID_PATTERN } from '@app/platform';

/** Which events: a whole subdistrict, or one station's year (its workflow stream, the station's and its staff's master data). */
export type AuditScope = { subdistrictId: string } | { subdistrictId: string; stationId: string; year: number };

export interface AuditEntry {
  id: string;
  occurredAt: string;
  /** wall-clock time in the configured zone, for people */
  localTime: string;
  type: string;
  typeLabel: string;
  actor: { id: string; username: string | null; displayName: string | null };
  role: string;
  roleLabel: string;
  reason: string | null;
  station: { id: string; name: string } | null;
  summary: string;
  changes: AuditChange[];
}

export const MAX_EXPORT_ROWS = 100_000;

/** The audit trail, read straight from the append-only event store (the events are the record). */
@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async page(scope: AuditScope, filter: AuditFilterDto, page = 1, pageSize = 50) {
    const { where, params } = this.where(scope, filter);
    const [{ total }] = await this.db.query(`SELECT count(*)::int AS total FROM events e LEFT JOIN users u ON u.id::text = e.actor_id WHERE ${where}`, params);
    const items = await this.read(where, params, filter.order, pageSize, (page - 1) * pageSize);
    return { total, page, pageSize, items };
  }

  async all(scope: AuditScope, filter: AuditFilterDto): Promise<AuditEntry[]> {
    const { where, params } = this.where(scope, filter);
    const items = await this.read(where, params, filter.order, MAX_EXPORT_ROWS + 1, 0);
    if (items.length > MAX_EXPORT_ROWS) {
      throw new ApiError(422, 'UNPROCESSABLE', `more than ${MAX_EXPORT_ROWS} events: narrow the filters (from, to, type)`);
    }
    return items;
  }

  /** What one person did most recently (newest first): the 已办 list of the console's home page. */
  async recentBy(actorId: string, limit = 20): Promise<AuditEntry[]> {
    return this.read('e.actor_id = $1', [actorId], 'desc', limit, 0);
  }

  /**
   * A station's year as its people follow it (流程跟踪): the workflow events of its year and the year-wide
   * milestones that concern it, oldest first, with who acted by role only (no names, so station users may read it).
   */
  async timeline(subdistrictId: string, stationId: string, year: number) {
    const rows = await this.db.query(
      `SELECT e.type, e.actor_id, e.actor_role, e.reason, e.occurred_at, e.payload->>'month' AS month
         FROM events e
        WHERE e.subdistrict_id = $1 AND (
              (e.stream_type = 'station_year' AND e.stream_id IN (SELECT id::text FROM station_years WHERE station_id = $2 AND year = $3))
           OR (e.stream_type = 'assessment_year' AND (e.payload->>'stationId' IS NULL OR e.payload->>'stationId' = $2::text)
               AND e.stream_id IN (SELECT assessment_year_id::text FROM station_years WHERE station_id = $2 AND year = $3)))
        ORDER BY e.occurred_at, e.id`,
      [subdistrictId, stationId, year],
    );
    return rows.map((r: any) => {
      const at = new Date(r.occurred_at);
      return {
        type: r.type as string, typeLabel: eventTypeLabel(r.type), occurredAt: at.toISOString(),
        localTime: localDateTime(at, this.config.timeZone).slice(0, 16).replace('T', ' '),
        role: r.actor_role as string, roleLabel: roleLabel(r.actor_role, r.actor_id), reason: (r.reason as string | null) ?? null,
        month: r.month ? Number(r.month) : null,
      };
    });
  }

  private where(scope: AuditScope, f: AuditFilterDto): { where: string; params: unknown[] } {
    const params: unknown[] = [scope.subdistrictId];
    const where = ['e.subdistrict_id = $1'];
    if ('stationId' in scope) {
      const st = params.push(scope.stationId);
      const yr = params.push(scope.year);
      where.push(`(
        (e.stream_type = 'station_year' AND e.stream_id IN (SELECT id::text FROM station_years WHERE station_id = $${st}::uuid AND year = $${yr}))
        OR (e.stream_type = 'assessment_year' AND e.payload->>'stationId' = $${st}::text
            AND e.stream_id IN (SELECT assessment_year_id::text FROM station_years WHERE station_id = $${st}::uuid AND year = $${yr}))
        OR (e.stream_type = 'station' AND e.stream_id = $${st}::text)
        OR (e.stream_type = 'staff' AND e.stream_id IN (SELECT id::text FROM staff WHERE station_id = $${st}::uuid))
      )`);
    }
    if (f.type?.length) where.push(`e.type = ANY($${params.push(f.type)}::text[])`);
    if (f.actor) where.push(`(e.actor_id = $${params.push(f.actor)} OR u.username = $${params.length})`);
    if (f.role) where.push(`e.actor_role = $${params.push(f.role)}`);
    const from = f.from ? this.instant(f.from, 'from', false) : null;
    const to = f.to ? this.instant(f.to, 'to', true) : null;
    if (from && to && from > to) throw ApiError.badRequest('to', 'must not be before from');
    if (from) where.push(`e.occurred_at >= $${params.push(from)}`);
    if (to) where.push(f.to!.length === 10 ? `e.occurred_at < $${params.push(to)}` : `e.occurred_at <= $${params.push(to)}`);
    return { where: where.join(' AND '), params };
  }

  /** A day (local, whole day) or an instant; 400 naming the field when it is no real date. */
  private instant(value: string, field: string, end: boolean): Date {
    try {
      const d = value.length === 10
        ? (end ? startOfNextDay(value, this.config.timeZone) : startOfDay(value, this.config.timeZone))
        : new Date(value);
      if (Number.isNaN(d.getTime())) throw new RangeError('invalid');
      return d;
    } catch {
      throw ApiError.badRequest(field, 'is not a real date');
    }
  }

  private async read(where: string, params: unknown[], order: 'asc' | 'desc' = 'asc', limit: number, offset: number): Promise<AuditEntry[]> {
    const dir = order === 'desc' ? 'DESC' : 'ASC';
    const rows = await this.db.query(
      `SELECT e.id, e.type, e.payload, e.actor_id, e.actor_role, e.reason, e.occurred_at,
              u.username, u.display_name, s.id AS station_id, s.name AS station_name, prev.grade AS previous_grade
         FROM events e
         LEFT JOIN users u ON u.id::text = e.actor_id
         LEFT JOIN station_years sy ON e.stream_type = 'station_year' AND sy.id::text = e.stream_id
         LEFT JOIN stations s ON s.id = COALESCE(
              sy.station_id,
              CASE WHEN e.stream_type = 'station' AND e.stream_id ~* '^[0-9a-f-]{36}$' THEN e.stream_id::uuid END,
              CASE WHEN jsonb_typeof(e.payload->'stationId') = 'string' AND e.payload->>'stationId' ~* '^[0-9a-f-]{36}$'
                   THEN (e.payload->>'stationId')::uuid END)
         LEFT JOIN LATERAL (
              SELECT p.payload->>'grade' AS grade FROM events p
               WHERE e.type = 'GradeAdjusted' AND p.stream_type = e.stream_type AND p.stream_id = e.stream_id
                 AND p.type = 'GradeAdjusted' AND p.payload->>'staffId' = e.payload->>'staffId' AND p.id < e.id
               ORDER BY p.id DESC LIMIT 1) prev ON true
        WHERE ${where}
        ORDER BY e.id ${dir}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    return rows.map((r: any) => this.entry(r));
  }

  private entry(r: any): AuditEntry {
    const input = { type: r.type, payload: r.payload ?? {}, previousGrade: r.previous_grade };
    const at = new Date(r.occurred_at);
    return {
      id: String(r.id),
      occurredAt: at.toISOString(),
      localTime: localDateTime(at, this.config.timeZone).slice(0, 19).replace('T', ' '),
      type: r.type,
      typeLabel: eventTypeLabel(r.type),
      actor: { id: r.actor_id, username: r.username ?? null, displayName: r.display_name ?? null },
      role: r.actor_role,
      roleLabel: roleLabel(r.actor_role, r.actor_id),
      reason: r.reason ?? null,
      station: r.station_id ? { id: r.station_id, name: r.station_name } : null,
      summary: summaryOf(input),
      changes: changesOf(input),
    };
  }
}

export function isUuid(v: string): boolean {
  return UUID_PATTERN.test(v);
}
