import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ROLES } from '@app/platform';

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const DATE_MESSAGE = 'must be a date YYYY-MM-DD (local) or an instant like 2026-12-31T16:00:00Z';

/** Filters of the audit trail (query string); unknown parameters are refused like unknown body fields. */
export class AuditFilterDto {
  @ApiPropertyOptional({ description: 'event types, comma-separated (e.g. ItemScored,MonthRecorded or station.updated)' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((s: string) => s.trim()).filter(Boolean) : value))
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, { each: true, message: 'type must be an event type name' })
  type?: string[];

  @ApiPropertyOptional({ description: 'the acting user: id or username' })
  @IsOptional() @IsString() @MaxLength(200)
  actor?: string;

  @ApiPropertyOptional({ enum: [...ROLES, 'system'] })
  @IsOptional() @IsIn([...ROLES, 'system'])
  role?: string;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'from this day (local) or instant, inclusive' })
  @IsOptional() @IsString() @Matches(DATE_OR_INSTANT, { message: DATE_MESSAGE })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'to this day (local, inclusive) or instant (inclusive)' })
  @IsOptional() @IsString() @Matches(DATE_OR_INSTANT, { message: DATE_MESSAGE })
  to?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc', description: 'chronological (asc) or newest first (desc)' })
  @IsOptional() @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class AuditPageDto extends AuditFilterDto {
  @ApiPropertyOptional({ default: 1, minimum: 1 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1_000_000)
  page?: number;

  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500)
  pageSize?: number;
}

// ---- answers ----

export class AuditChangeDto {
  @ApiProperty({ example: 'workOrders.overdue' }) field: string;
  @ApiProperty({ example: '逾期工单' }) label: string;
  @ApiProperty({ type: String, nullable: true, example: '1' }) from: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2' }) to: string | null;
}

export class AuditActorDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) username: string | null;
  @ApiProperty({ type: String, nullable: true }) displayName: string | null;
}

export class AuditStationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '城东派出所' }) name: string;
}

export class AuditEntryDto {
  @ApiProperty({ example: '1024' }) id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ example: '2026-12-20 10:00:00', description: 'wall-clock time in the configured zone' }) localTime: string;
  @ApiProperty({ example: 'SelfAssessmentSubmitted' }) type: string;
  @ApiProperty({ example: '提交自评表' }) typeLabel: string;
  @ApiProperty({ type: AuditActorDto }) actor: AuditActorDto;
  @ApiProperty({ example: 'station' }) role: string;
  @ApiProperty({ example: '站所用户' }) roleLabel: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: AuditStationDto, nullable: true }) station: AuditStationDto | null;
  @ApiProperty({ example: '按时提交' }) summary: string;
  @ApiProperty({ type: [AuditChangeDto] }) changes: AuditChangeDto[];
}

export class AuditPageResultDto {
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ type: [AuditEntryDto] }) items: AuditEntryDto[];
}

/** One step of a station's year (流程跟踪): what happened, when, by which role (no names). */
export class TimelineEntryDto {
  @ApiProperty({ example: 'SelfAssessmentSubmitted' }) type: string;
  @ApiProperty({ example: '提交自评表' }) typeLabel: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ example: '2026-12-10 15:00' }) localTime: string;
  @ApiProperty({ example: 'station' }) role: string;
  @ApiProperty({ example: '派驻机构' }) roleLabel: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'the month of a monthly record' }) month: number | null;
}
