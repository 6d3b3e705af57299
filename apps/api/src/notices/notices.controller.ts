import { appendEvents } from '@app/persistence';
/**
 * The in-app inbox, failed deliveries (coordinators see and retry them), notice PDFs and the holiday calendars.
 *
 * Inbox visibility (choice): a user sees items addressed to them (recipient user), station users also those
 * addressed to their station, and coordinators and leaders of a subdistrict also those addressed to its
 * departments (dispatching and organisation/HR), as departments have no accounts of their own: the coordination
 * group reads their inbox and forwards. Read/acknowledge marks are per item (shared by whoever sees it).
 */
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { CalendarUploadedDto, CalendarYearDto, NoticeDeliveryDto, DeliveryRetriedDto, InboxAckDto, InboxItemDto, InboxReadDto } from './notices.responses';
import { DataSource } from 'typeorm';
import type { Response } from 'express';
import { Inject } from '@nestjs/common';
import * as path from 'node:path';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { CalendarDataError, loadCalendarYears, localDate, parseCalendarYear, yearOf } from '@app/calendar';
import { CLOCK } from '@app/platform';
import type { Actor, Clock } from '@app/platform';
import { composeNotice, DeliveryQueue, documentToHtml, renderPdf, reviveNotice } from '@app/notices';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { ApiError } from '../http/api-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (field: string, v: string) => {
  if (!UUID.test(v)) throw ApiError.badRequest(field, 'must be a UUID');
  return v;
};

/** SQL condition (on inbox_items i) for what the actor may see; parameters $1 user, $2 station, $3 subdistrict. */
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

@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(private readonly db: DataSource, @Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  @ApiErrors()
  @Returns([InboxItemDto])
  @Allow('inbox.own')
  @ApiOperation({ summary: 'My inbox (newest first): mine, my station’s, and for coordinators/leaders the subdistrict departments’' })
  async list(@CurrentActor() actor: Actor, @Query('unread') unread?: string, @Query('limit') limit?: string) {
    const v = visible(actor);
    const n = Math.min(Math.max(Number(limit) || 100, 1), 500);
    const rows = await this.db.query(
      `SELECT i.id, i.notice_id, i.recipient_type, i.recipient_id, i.created_at, i.read_at, i.acknowledged_at,
              n.kind, n.title, n.number, n.year, n.station_id, n.payload
         FROM inbox_items i JOIN notices n ON n.id = i.notice_id
        WHERE ${v.sql} ${unread === 'true' ? 'AND i.read_at IS NULL' : ''}
        ORDER BY i.created_at DESC, i.id LIMIT ${n}`,
      v.params,
    );
    return rows.map((r: any) => {
      const doc = composeNotice(reviveNotice(r.payload));
      return {
        id: r.id, noticeId: r.notice_id, kind: r.kind, title: r.title, subject: doc.subject, number: r.number, year: r.year,
        stationId: r.station_id, recipient: { type: r.recipient_type, id: r.recipient_id },
        createdAt: r.created_at, readAt: r.read_at, acknowledgedAt: r.acknowledged_at, html: documentToHtml(doc),
      };
    });
  }

  @Post(':id/read')
  @ApiPath('id')
  @ApiErrors(404, 409, 422)
  @Returns(InboxReadDto)
  @HttpCode(200)
  @Allow('inbox.own')
  read(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.mark(actor, id, 'read_at');
  }

  @Post(':id/acknowledge')
  @ApiPath('id')
  @ApiErrors(404, 409, 422)
  @Returns(InboxAckDto)
  @HttpCode(200)
  @Allow('inbox.own')
  acknowledge(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.mark(actor, id, 'acknowledged_at');
  }

  private async mark(actor: Actor, id: string, column: 'read_at' | 'acknowledged_at') {
    uuid('id', id);
    const v = visible(actor);
    const also = column === 'acknowledged_at' ? ', read_at = coalesce(i.read_at, $6)' : '';
    const [row] = await this.db.query(
      `WITH u AS (UPDATE inbox_items i SET ${column} = coalesce(i.${column}, $6) ${also}
        WHERE i.id = $5 AND ${v.sql} RETURNING i.id, i.read_at, i.acknowledged_at) SELECT * FROM u`,
      [...v.params, id, this.clock.now()],
    );
    if (!row) throw ApiError.notFound('inbox item');
    return { id: row.id, readAt: row.read_at, acknowledgedAt: row.acknowledged_at };
  }
}

@ApiTags('notices')
@Controller('subdistricts/:subdistrictId')
export class DeliveriesController {
  constructor(private readonly db: DataSource, private readonly queue: DeliveryQueue, @Inject(CLOCK) private readonly clock: Clock) {}

  @Get('deliveries')
  @ApiPath('subdistrictId')
  @ApiErrors(404)
  @Returns([NoticeDeliveryDto])
  @Allow('deliveries.read')
  @ApiOperation({ summary: 'Deliveries of the subdistrict’s notices (?status=failed for what needs a retry)' })
  async list(@Param('subdistrictId') subdistrictId: string, @Query('status') status?: string) {
    if (status !== undefined && !['pending', 'delivered', 'failed', 'cancelled'].includes(status)) {
      throw ApiError.badRequest('status', 'must be pending, delivered, failed or cancelled');
    }
    const rows = await this.db.query(
      `SELECT d.id, d.channel, d.address, d.status, d.attempts, d.last_error, d.next_attempt_at, d.delivered_at, d.updated_at,
              n.id AS notice_id, n.kind, n.title, n.number, n.station_id, n.recipient_type, n.recipient_id, n.year
         FROM deliveries d JOIN notices n ON n.id = d.notice_id
        WHERE n.subdistrict_id = $1 AND ($2::text IS NULL OR d.status = $2)
        ORDER BY d.updated_at DESC LIMIT 1000`,
      [subdistrictId, status ?? null],
    );
    return rows.map((r: any) => ({
      id: r.id, channel: r.channel, address: r.address, status: r.status, attempts: r.attempts, lastError: r.last_error,
      nextAttemptAt: r.next_attempt_at, deliveredAt: r.delivered_at, updatedAt: r.updated_at,
      notice: { id: r.notice_id, kind: r.kind, title: r.title, number: r.number, year: r.year, stationId: r.station_id,
        recipient: { type: r.recipient_type, id: r.recipient_id } },
    }));
  }

  @Post('deliveries/:deliveryId/retry')
  @ApiPath('subdistrictId', 'deliveryId')
  @ApiErrors(404, 409, 422)
  @Returns(DeliveryRetriedDto)
  @HttpCode(200)
  @Allow('deliveries.retry')
  @ApiOperation({ summary: 'Send a failed delivery again (attempts start over)' })
  async retry(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('deliveryId') deliveryId: string) {
    uuid('deliveryId', deliveryId);
    const [d] = await this.db.query(
      `SELECT d.status, d.channel FROM deliveries d JOIN notices n ON n.id = d.notice_id WHERE d.id = $1 AND n.subdistrict_id = $2`,
      [deliveryId, subdistrictId],
    );
    if (!d) throw ApiError.notFound('delivery');
    if (d.status !== 'failed') throw ApiError.conflict('STATE_CONFLICT', `only a failed delivery can be retried; this one is ${d.status}`, { state: d.status });
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = $2, updated_at = $2 WHERE id = $1 AND status = 'failed'`,
        [deliveryId, now],
      );
      await appendEvents(tx, [{ streamType: 'delivery', streamId: deliveryId, subdistrictId, type: 'DeliveryRetried', payload: { deliveryId },
        actorId: actor.userId, actorRole: actor.role, occurredAt: now }]);
    });
    await this.queue.requeue(deliveryId, d.channel);
    return { id: deliveryId, status: 'pending' };
  }

  @Get('notices/:noticeId.pdf')
  @ApiPath('subdistrictId', 'noticeId')
  @ApiErrors(404)
  @Returns({ file: ['application/pdf'] })
  @Allow('deliveries.read')
  @ApiOperation({ summary: 'A notice of the subdistrict as PDF (coordinators, leaders, admins)' })
  async pdf(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('noticeId') noticeId: string, @Res() res: Response) {
    uuid('noticeId', noticeId);
    const [n] = await this.db.query(`SELECT payload, number, title, station_id FROM notices WHERE id = $1 AND subdistrict_id = $2`, [noticeId, subdistrictId]);
    if (!n) throw ApiError.notFound('notice');
    const pdf = await renderPdf(reviveNotice(n.payload));
    const name = encodeURIComponent(`${n.number ?? n.title}.pdf`);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="notice.pdf"; filename*=UTF-8''${name}`);
    res.send(pdf);
  }
}

@ApiTags('calendar')
@Controller('calendar/years')
export class CalendarController {
  constructor(private readonly db: DataSource, @Inject(APP_CONFIG) private readonly config: AppConfig, @Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  @ApiErrors()
  @Returns([CalendarYearDto])
  @Allow('calendar.manage')
  @ApiOperation({ summary: 'Holiday schedules by year: official, provisional or missing (last year to two years ahead)' })
  async list() {
    const shipped = loadCalendarYears(path.join(this.config.configDir, 'calendars'));
    const uploaded = await this.db.query(`SELECT year, data, uploaded_by, uploaded_at FROM calendar_years ORDER BY year`);
    const byYear = new Map<number, any>();
    for (const y of shipped) byYear.set(y.year, { year: y.year, source: y.source, provisional: !!y.provisional, origin: 'file' });
    for (const u of uploaded) {
      byYear.set(u.year, { year: u.year, source: u.data.source, provisional: !!u.data.provisional, origin: 'upload', uploadedBy: u.uploaded_by, uploadedAt: u.uploaded_at });
    }
    const thisYear = yearOf(localDate(this.clock.now(), this.config.timeZone));
    for (let y = thisYear - 1; y <= thisYear + 2; y++) if (!byYear.has(y)) byYear.set(y, { year: y });
    return [...byYear.values()].sort((a, b) => a.year - b.year).map((y) => ({
      year: y.year,
      status: y.source === undefined ? 'missing' : y.provisional ? 'provisional' : 'official',
      source: y.source ?? null, origin: y.origin ?? null, uploadedBy: y.uploadedBy ?? null, uploadedAt: y.uploadedAt ?? null,
    }));
  }

  @Put(':year')
  @ApiPath('year')
  @ApiErrors(404, 409, 422)
  @Returns(CalendarUploadedDto)
  @Allow('calendar.manage')
  @ApiOperation({ summary: 'Upload a year’s official holiday schedule (国务院办公厅关于部分节假日安排的通知) as JSON' })
  async put(@CurrentActor() actor: Actor, @Param('year') yearParam: string, @Body() body: unknown) {
    if (!/^\d{4}$/.test(yearParam)) throw ApiError.badRequest('year', 'must be a four-digit year');
    let data;
    try {
      data = parseCalendarYear(body, 'upload');
    } catch (e) {
      if (e instanceof CalendarDataError) {
        throw new ApiError(400, 'VALIDATION_FAILED', e.message, e.issues.map((i) => ({ field: i.field, reason: i.message })));
      }
      throw e;
    }
    if (data.year !== Number(yearParam)) throw ApiError.badRequest('year', `is ${data.year} but the URL says ${yearParam}`);
    await this.db.transaction(async (tx) => {
      const [previous] = await tx.query(`SELECT data FROM calendar_years WHERE year = $1`, [data.year]);
      await tx.query(
        `INSERT INTO calendar_years (year, data, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = EXCLUDED.uploaded_at`,
        [data.year, JSON.stringify(data), actor.username, this.clock.now()],
      );
      await appendEvents(tx, [{ streamType: 'calendar', streamId: String(data.year), type: 'CalendarYearUploaded',
        payload: { year: data.year, data, previous: previous?.data ?? null }, actorId: actor.userId, actorRole: actor.role, occurredAt: this.clock.now() }]);
    });
    return { year: data.year, status: data.provisional ? 'provisional' : 'official', holidays: data.holidays.length, workdays: data.workdays.length };
  }
}
