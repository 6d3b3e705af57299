/** Answers of the notices routes (OpenAPI response DTOs: the web console's generated client is typed from these). */
import { ApiProperty } from '@nestjs/swagger';

export class CalendarYearDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, example: "official" }) status: string;
  @ApiProperty({ type: String, nullable: true }) source: string | null;
  @ApiProperty({ type: String, example: "file", nullable: true }) origin: string | null;
  @ApiProperty({ type: String, nullable: true }) uploadedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) uploadedAt: string | null;
}

export class InboxItemRecipientDto {
  @ApiProperty({ type: String, example: "user" }) type: string;
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
}

export class InboxItemDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid' }) noticeId: string;
  @ApiProperty({ type: String, example: "late_list" }) kind: string;
  @ApiProperty({ type: String, example: "2026年度自评表逾期未提交单位名单" }) title: string;
  @ApiProperty({ type: String, example: "2026年度自评表逾期未提交单位名单（1个）" }) subject: string;
  @ApiProperty({ type: String, example: '1月4日逾期名单', description: 'what the notice was for: its occasion' }) occasion: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'when the notice was issued' }) issuedAt: string;
  @ApiProperty({ nullable: true, type: String }) number: string | null;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) stationId: string | null;
  @ApiProperty({ type: () => InboxItemRecipientDto }) recipient: InboxItemRecipientDto;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String }) readAt: string | null;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ type: String }) html: string;
  @ApiProperty({ nullable: true, type: String, example: '/console/years/2026/results', description: 'the console page where the reader acts on it (hand-offs)' })
  link: string | null;
}

export class InboxAckDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) readAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) acknowledgedAt: string;
}

export class InboxReadDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'date-time' }) readAt: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
}

export class CalendarUploadedDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, example: "official" }) status: string;
  @ApiProperty({ type: Number }) holidays: number;
  @ApiProperty({ type: Number }) workdays: number;
}

export class DeliveryRecipientDto {
  @ApiProperty({ enum: ['user', 'department', 'station'] }) type: string;
  @ApiProperty({ format: 'uuid' }) id: string;
}

export class DeliveryNoticeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'result_notice' }) kind: string;
  @ApiProperty({ example: '2026年度派驻机构考核结果抄告单' }) title: string;
  @ApiProperty({ type: String, nullable: true, example: '城东考〔2026〕1号' }) number: string | null;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) stationId: string | null;
  @ApiProperty({ type: String, example: '1月4日逾期通知', description: 'what the notice was for: its occasion' }) occasion: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'when the notice was issued' }) issuedAt: string;
  @ApiProperty({ type: DeliveryRecipientDto }) recipient: DeliveryRecipientDto;
}

export class NoticeDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['inbox', 'webhook', 'email', 'dingtalk', 'wecom'] }) channel: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'where it goes (e-mail address, webhook URL; never the secret)' })
  address: Record<string, unknown>;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'cancelled'] }) status: string;
  @ApiProperty({ type: 'integer' }) attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) nextAttemptAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: DeliveryNoticeDto }) notice: DeliveryNoticeDto;
}

export class DeliveryRetriedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'pending' }) status: string;
}

export class StationNoticeDeliveryDto {
  @ApiProperty({ enum: ['inbox', 'webhook', 'email', 'dingtalk', 'wecom'] }) channel: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'cancelled'] }) status: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
}

/** A notice about one station's year (its timeline): occasion, issue time and where each delivery stands. */
export class StationNoticeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'self_assessment_reminder' }) kind: string;
  @ApiProperty({ example: '关于提交2026年度自评表的提醒' }) title: string;
  @ApiProperty({ type: String, nullable: true }) number: string | null;
  @ApiProperty({ example: '12月15日自评提醒' }) occasion: string;
  @ApiProperty({ type: String, format: 'date-time' }) issuedAt: string;
  @ApiProperty({ type: DeliveryRecipientDto }) recipient: DeliveryRecipientDto;
  @ApiProperty({ type: [StationNoticeDeliveryDto] }) deliveries: StationNoticeDeliveryDto[];
}
