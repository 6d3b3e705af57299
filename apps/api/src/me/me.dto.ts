import { ApiProperty } from '@nestjs/swagger';
import { TODO_KINDS } from '@app/reporting';
import type { TodoKind } from '@app/reporting';
import { AuditEntryDto } from '../audit/audit.dto';

export class TodoItemDto {
  @ApiProperty({ enum: TODO_KINDS, example: 'selfAssessment.submit' }) kind: TodoKind;
  @ApiProperty({ example: '填写并提交2026年度自评表' }) title: string;
  @ApiProperty({ type: String, nullable: true, example: '每项填写自评分和说明，并上传年度工作报告（PDF、DOCX 或 DOC）' }) detail: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-12-31T16:00:00.000Z', description: 'late from this instant on (the end of the last day)' }) deadline: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2026年12月31日' }) deadlineText: string | null;
  @ApiProperty({ description: 'the deadline has passed' }) overdue: boolean;
  @ApiProperty({ type: Number, nullable: true, example: 2026 }) year: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) stationId: string | null;
  @ApiProperty({ type: String, nullable: true, example: '城东派出所' }) stationName: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'how many stations, recognitions or deliveries an aggregated item stands for' })
  count: number | null;
  @ApiProperty({ example: '/console/years/2026/stations/5b0c…/self-assessment', description: 'the console route where it is done' }) link: string;
}

export class TodoDto {
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: [TodoItemDto], description: '待办: what awaits the caller now (overdue first, then by deadline)' }) items: TodoItemDto[];
  @ApiProperty({ type: [AuditEntryDto], description: '已办: what the caller did most recently (newest first, at most 20)' }) done: AuditEntryDto[];
}
