/**
 * The in-app inbox, the deliveries of a subdistrict's notices (coordinators see and retry failed ones), a station's
 * notices (its timeline), and notice PDFs. Every list shows and filters by the notice's occasion (12月15日自评提醒)
 * and issue time. The SQL lives in @app/notices (NoticeViews); visibility rules are documented there.
 */
import { Controller, Get, HttpCode, Inject, Logger, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { PRODUCER_COMMAND_TIMEOUT_MS, withDeadline } from '@app/messaging';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CLOCK, isUuid } from '@app/platform';
import type { Actor, Clock } from '@app/platform';
import {
  composeNotice, DeliveryQueue, documentToHtml, escapeHtml, isNoticePayload, NOTICE_KINDS, NoticeViews, OccasionFilter, renderPdf, reviveNotice,
} from '@app/notices';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { ApiError } from '../http/api-error';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { DeliveryRetriedDto, InboxAckDto, InboxItemDto, InboxReadDto, NoticeDeliveryDto, StationNoticeDto } from './notices.responses';

const uuid = (field: string, v: string) => {
  if (!isUuid(v)) throw ApiError.badRequest(field, 'must be a UUID');
  return v;
};
const KINDS: string[] = Object.values(NOTICE_KINDS);

/** The occasion filters shared by the lists: `occasion` (label), `kind`, `issuedFrom`, `issuedBefore` (ISO date or instant). */
function occasionFilter(q: Record<string, string | undefined>): OccasionFilter {
  const instant = (field: string) => {
    const v = q[field];
    if (v === undefined || v === '') return undefined;
    const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00+08:00` : v);
    if (!Number.isFinite(t)) throw ApiError.badRequest(field, 'must be a date (YYYY-MM-DD) or an ISO instant');
    return new Date(t);
  };
  if (q.kind !== undefined && !KINDS.includes(q.kind)) throw ApiError.badRequest('kind', `must be one of ${KINDS.join(', ')}`);
  return { occasion: q.occasion || undefined, kind: q.kind || undefined, issuedFrom: instant('issuedFrom'), issuedBefore: instant('issuedBefore') };
}

const OccasionQueries = () => (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
  ApiQuery({ name: 'occasion', required: false, description: '通知事由, e.g. 12月15日自评提醒' })(target, key, descriptor);
  ApiQuery({ name: 'kind', required: false, enum: KINDS })(target, key, descriptor);
  ApiQuery({ name: 'issuedFrom', required: false, description: 'issued at or after (YYYY-MM-DD, Asia/Shanghai, or an ISO instant)' })(target, key, descriptor);
  ApiQuery({ name: 'issuedBefore', required: false, description: 'issued before (YYYY-MM-DD or an ISO instant)' })(target, key, descriptor);
};
const recipient = (r: { recipient_type: string; recipient_id: string }) => ({ type: r.recipient_type, id: r.recipient_id });

@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(private readonly views: NoticeViews, @Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  @Allow('inbox.own')
  @ApiOperation({ summary: 'My inbox (newest first): mine, my station’s, and for coordinators/leaders the subdistrict departments’' })
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'limit', required: false, description: '1–500, default 100' })
  @OccasionQueries()
  @Returns([InboxItemDto])
  @ApiErrors()
  async list(@CurrentActor() actor: Actor, @Query() q: Record<string, string | undefined>): Promise<any[]> {
    const rows = await this.views.inbox(actor, { ...occasionFilter(q), unread: q.unread === 'true', limit: Math.min(Math.max(Number(q.limit) || 100, 1), 500) });
    return rows.map((r) => {
      const doc = isNoticePayload(r.payload) ? composeNotice(reviveNotice(r.payload)) : null;
      return {
        id: r.id, noticeId: r.notice_id, kind: r.kind, title: r.title, subject: doc?.subject ?? r.title, occasion: r.occasion_label, issuedAt: r.issued_at,
        number: r.number, year: r.year, stationId: r.station_id, recipient: recipient(r),
        createdAt: r.created_at, readAt: r.read_at, acknowledgedAt: r.acknowledged_at,
        html: doc ? documentToHtml(doc) : `<p>${escapeHtml(r.title)}</p>`, link: (isNoticePayload(r.payload) && r.payload.route) || null,
      };
    });
  }

  @Post(':id/read')
  @HttpCode(200)
  @Allow('inbox.own')
  @ApiOperation({ summary: 'Mark an inbox item read' })
  @ApiPath('id')
  @Returns(InboxReadDto)
  @ApiErrors(404, 409, 422)
  read(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<any> {
    return this.mark(actor, id, 'read_at');
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Allow('inbox.own')
  @ApiOperation({ summary: 'Acknowledge an inbox item (also marks it read)' })
  @ApiPath('id')
  @Returns(InboxAckDto)
  @ApiErrors(404, 409, 422)
  acknowledge(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<any> {
    return this.mark(actor, id, 'acknowledged_at');
  }

  @Get(':id/pdf')
  @ApiPath('id')
  @ApiErrors(404)
  @Returns({ file: ['application/pdf'] })
  @Allow('inbox.own')
  @ApiOperation({ summary: 'The notice of an item of my inbox as PDF (a station’s own 抄告 of its result, for instance)' })
  async pdf(@CurrentActor() actor: Actor, @Param('id') id: string, @Res() res: Response) {
    const n = await this.views.inboxNotice(actor, uuid('id', id));
    if (!n) throw ApiError.notFound('inbox item');
    const pdf = await renderPdf(reviveNotice(n.payload));
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="notice.pdf"; filename*=UTF-8''${encodeURIComponent(`${n.number ?? n.title}.pdf`)}`);
    res.send(pdf);
  }

  private async mark(actor: Actor, id: string, column: 'read_at' | 'acknowledged_at') {
    const row = await this.views.markInbox(actor, uuid('id', id), column, this.clock.now());
    if (!row) throw ApiError.notFound('inbox item');
    return { id: row.id, readAt: row.read_at, acknowledgedAt: row.acknowledged_at };
  }
}

@ApiTags('notices')
@Controller('subdistricts/:subdistrictId')
export class DeliveriesController {
  private readonly logger = new Logger('notices');
  constructor(private readonly views: NoticeViews, private readonly queue: DeliveryQueue, @Inject(CLOCK) private readonly clock: Clock) {}

  @Get('deliveries')
  @Allow('deliveries.read')
  @ApiOperation({ summary: 'Deliveries of the subdistrict’s notices (?status=failed for what needs a retry), with each notice’s occasion' })
  @ApiPath('subdistrictId')
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'delivered', 'failed', 'cancelled'] })
  @ApiQuery({ name: 'stationId', required: false, description: 'only notices about this station' })
  @OccasionQueries()
  @Returns([NoticeDeliveryDto])
  @ApiErrors(404)
  async list(@Param('subdistrictId') subdistrictId: string, @Query() q: Record<string, string | undefined>): Promise<any[]> {
    if (q.status !== undefined && !['pending', 'delivered', 'failed', 'cancelled'].includes(q.status)) {
      throw ApiError.badRequest('status', 'must be pending, delivered, failed or cancelled');
    }
    const rows = await this.views.deliveries(subdistrictId, {
      ...occasionFilter(q), status: q.status, stationId: q.stationId ? uuid('stationId', q.stationId) : undefined, limit: 1000,
    });
    return rows.map((r: any) => ({
      id: r.id, channel: r.channel, address: r.address, status: r.status, attempts: r.attempts, lastError: r.last_error,
      nextAttemptAt: r.next_attempt_at, deliveredAt: r.delivered_at, updatedAt: r.updated_at,
      notice: { id: r.notice_id, kind: r.kind, title: r.title, number: r.number, year: r.year, stationId: r.station_id,
        occasion: r.occasion_label, issuedAt: r.issued_at, recipient: recipient(r) },
    }));
  }

  @Post('deliveries/:deliveryId/retry')
  @HttpCode(200)
  @Allow('deliveries.retry')
  @ApiOperation({ summary: 'Send a failed delivery again (attempts start over)' })
  @ApiPath('subdistrictId', 'deliveryId')
  @Returns(DeliveryRetriedDto)
  @ApiErrors(404, 409, 422)
  async retry(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('deliveryId') deliveryId: string): Promise<DeliveryRetriedDto> {
    const before = await this.views.retryFailed(actor, subdistrictId, uuid('deliveryId', deliveryId), this.clock.now());
    if (!before) throw ApiError.notFound('delivery');
    if (before.status !== 'failed') throw ApiError.conflict('STATE_CONFLICT', `only a failed delivery can be retried; this one is ${before.status}`, { state: before.status });
    // the pending row is committed: when the queue cannot take the job now (Redis down), the sweep enqueues it later
    await withDeadline(this.queue.requeue(deliveryId, before.channel), PRODUCER_COMMAND_TIMEOUT_MS, 'delivery retry')
      .catch((e: Error) => this.logger.warn(`delivery ${deliveryId}: not enqueued now, the sweep will: ${e.message}`));
    return { id: deliveryId, status: 'pending' };
  }

  @Get('years/:year/stations/:stationId/notices')
  @Allow('year.read')
  @ApiOperation({ summary: 'The notices about one station’s year, oldest first (its timeline): occasion, issue time, where each delivery stands' })
  @ApiPath('subdistrictId', 'year', 'stationId')
  @Returns([StationNoticeDto])
  @ApiErrors(404)
  async stationNotices(@Param('subdistrictId') subdistrictId: string, @Param('year', ParseIntPipe) year: number,
    @Param('stationId') stationId: string): Promise<any[]> {
    const rows = await this.views.stationNotices(subdistrictId, uuid('stationId', stationId), year);
    return rows.map((r: any) => ({
      id: r.id, kind: r.kind, title: r.title, number: r.number, occasion: r.occasion_label, issuedAt: r.issued_at, recipient: recipient(r),
      deliveries: r.deliveries,
    }));
  }

  @Get('notices/:noticeId.pdf')
  @Allow('deliveries.read')
  @ApiOperation({ summary: 'A notice of the subdistrict as PDF (coordinators, leaders, admins)' })
  @ApiPath('subdistrictId', 'noticeId')
  @Returns({ file: ['application/pdf'] })
  @ApiErrors(404)
  async pdf(@Param('subdistrictId') subdistrictId: string, @Param('noticeId') noticeId: string, @Res() res: Response) {
    const n = await this.views.notice(subdistrictId, uuid('noticeId', noticeId));
    if (!n) throw ApiError.notFound('notice');
    const pdf = await renderPdf(reviveNotice(n.payload));
    const name = encodeURIComponent(`${n.number ?? n.title}.pdf`);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `inline; filename="notice.pdf"; filename*=UTF-8''${name}`);
    res.send(pdf);
  }
}
