/** Request bodies of the workflow API: every field validated; unknown fields are refused by the global pipe. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min,
  ValidateNested, ArrayMaxSize,
} from 'class-validator';
import { GRADE_KEYS, INNOVATION_LEVELS } from '@app/policy';

const SCORE = /^\d{1,3}(\.\d)?$/;
const SCORE_MESSAGE = 'must be a decimal score with at most one decimal place, e.g. "18.5"';

export class OpenYearDto {
  @ApiProperty({ example: 2026 }) @IsInt() @Min(2000) @Max(2100) year: number;
  @ApiPropertyOptional({ example: '2021-trial', description: 'defaults to the newest policy in force by 31 December' })
  @IsOptional() @IsString() @MaxLength(64) policyVersion?: string;
}

export class ReasonDto {
  @ApiPropertyOptional({ example: '经领导小组会议审定' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class RequiredReasonDto {
  @ApiProperty({ example: '工单办理得分依据不足，请复核' }) @IsString() @IsNotEmpty() @MaxLength(2000) reason: string;
}

export class ReturnDto extends RequiredReasonDto {
  @ApiPropertyOptional({ description: 'return only this station; omit to return the whole table' })
  @IsOptional() @IsUUID() stationId?: string;
}

const count = (example: number, description?: string) => ApiProperty({ example, ...(description ? { description } : {}) });
const optionalCount = (example: number, description: string) => ApiPropertyOptional({ example, description: `${description}; 0 when left out` });

class WorkOrdersDto {
  @count(42, '受理') @IsInt() @Min(0) @Max(100000) received: number;
  @count(40, '按时办结') @IsInt() @Min(0) @Max(100000) onTime: number;
  @count(2, '逾期 (−0.5 each by default)') @IsInt() @Min(0) @Max(100000) overdue: number;
  @count(0, '因推诿/扯皮被退回 (−1 each)') @IsInt() @Min(0) @Max(100000) returnedForShirking: number;
  @optionalCount(0, '敷衍了事 (−1 each)') @IsOptional() @IsInt() @Min(0) @Max(100000) perfunctory?: number;
  @count(0, '弄虚作假 (−5 each)') @IsInt() @Min(0) @Max(100000) falsified: number;
}

class SatisfactionDto {
  @count(30, '回访件数') @IsInt() @Min(0) @Max(1000000) surveyed: number;
  @count(29, '满意') @IsInt() @Min(0) @Max(1000000) satisfied: number;
  @ApiPropertyOptional({ example: 1, description: '不满意 (−0.5 each); surveyed − satisfied when left out' })
  @IsOptional() @IsInt() @Min(0) @Max(1000000) unsatisfied?: number;
}

class CoordinationTasksDto {
  @count(3, '交办的协调任务') @IsInt() @Min(0) @Max(10000) assigned: number;
  @count(0, '未落实 (−2 each)') @IsInt() @Min(0) @Max(10000) notDone: number;
}

/**
 * Four-platform data of one month (command room, or imported from the platform system's export). The numbers
 * must agree (on time + overdue ≤ received; attended + excused ≤ held; satisfied + unsatisfied ≤ surveyed;
 * not done ≤ assigned): every disagreement is named at once (400, details[]).
 */
export class SpecialMonthDto {
  @count(4, '工作例会召开次数') @IsInt() @Min(0) @Max(100) meetingsHeld: number;
  @count(4, '出席') @IsInt() @Min(0) @Max(100) meetingsAttended: number;
  @optionalCount(0, '请假缺席 (not deducted)') @IsOptional() @IsInt() @Min(0) @Max(100) meetingsExcused?: number;
  @optionalCount(1, '学习培训举办次数') @IsOptional() @IsInt() @Min(0) @Max(100) trainingsHeld?: number;
  @optionalCount(1, '参加') @IsOptional() @IsInt() @Min(0) @Max(100) trainingsAttended?: number;
  @optionalCount(0, '请假缺席') @IsOptional() @IsInt() @Min(0) @Max(100) trainingsExcused?: number;
  @ApiPropertyOptional({ type: CoordinationTasksDto }) @IsOptional() @ValidateNested() @Type(() => CoordinationTasksDto) coordinationTasks?: CoordinationTasksDto;
  @ApiProperty({ type: WorkOrdersDto }) @ValidateNested() @Type(() => WorkOrdersDto) workOrders: WorkOrdersDto;
  @count(1, '经核实的群众投诉 (−1 each)') @IsInt() @Min(0) @Max(100000) complaints: number;
  @ApiProperty({ type: SatisfactionDto }) @ValidateNested() @Type(() => SatisfactionDto) satisfaction: SatisfactionDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional({ description: 'required when correcting a recorded month' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

class DeductionDto {
  @ApiProperty({ example: 'workStyle' }) @IsString() @MaxLength(64) itemKey: string;
  @ApiProperty({ example: '0.5' }) @Matches(SCORE, { message: SCORE_MESSAGE }) points: string;
  @ApiProperty({ example: '群众反映办事拖拉' }) @IsString() @IsNotEmpty() @MaxLength(1000) reason: string;
  @ApiProperty({ example: '投诉工单 GD-2026-0312' }) @IsString() @IsNotEmpty() @MaxLength(1000) evidence: string;
}

/** Daily-management records of one month (coordination group): deductions with reason and evidence. */
export class DailyMonthDto {
  @ApiProperty({ type: [DeductionDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => DeductionDto) deductions: DeductionDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class RecognitionDto {
  @ApiProperty({ enum: INNOVATION_LEVELS, example: 'city' }) @IsIn(INNOVATION_LEVELS) level: (typeof INNOVATION_LEVELS)[number];
  @ApiProperty({ example: '“最多跑一次”改革经验被市级推广' }) @IsString() @IsNotEmpty() @MaxLength(500) title: string;
  @ApiProperty({ example: '舟山市人民政府办公室' }) @IsString() @IsNotEmpty() @MaxLength(200) issuer: string;
  @ApiProperty({ example: '2026-06-18' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) recognisedOn: string;
  @ApiProperty({ example: '舟政办简报〔2026〕15期' }) @IsString() @IsNotEmpty() @MaxLength(1000) evidence: string;
}

export class SelfAssessmentDto {
  @ApiProperty({ example: { serveCentre: '9.5', performDuties: '9' } }) @IsObject() scores: Record<string, string>;
  @ApiProperty({ example: { serveCentre: '全年完成街道交办任务12项' } }) @IsObject() justifications: Record<string, string>;
}

export class ExtensionDto extends RequiredReasonDto {
  @ApiProperty({ example: '2027-01-10', description: 'the station may submit until the end of this day (local time)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }) until: string;
}

export class ScoreDto {
  @ApiProperty({ example: '18.5' }) @Matches(SCORE, { message: SCORE_MESSAGE }) score: string;
  @ApiPropertyOptional({ example: '3月工单逾期2件，扣1.5分' }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
  @ApiPropertyOptional({
    example: '逾期工单系平台系统故障所致，经核实不予扣分',
    description: 'required when the score differs from the suggested score (建议分) computed from the year\'s records',
  })
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

/** A coordinator waives (豁免) months of a station's records, with the reason (e.g. the station was set up in March). */
export class MonthWaiverDto extends RequiredReasonDto {
  @ApiProperty({ example: [1, 2], description: 'months of the year to waive (each already begun, none recorded)' })
  @IsArray() @ArrayMaxSize(12) @IsInt({ each: true }) @Min(1, { each: true }) @Max(12, { each: true }) months: number[];
}

export class MonthWaiverResultDto {
  @ApiProperty({ example: [1, 2], description: 'the months waived, ascending' }) months: number[];
}

export class GradeDto extends RequiredReasonDto {
  @ApiProperty({ enum: GRADE_KEYS }) @IsIn(GRADE_KEYS) grade: (typeof GRADE_KEYS)[number];
}

export class ObjectionDto {
  @ApiProperty({ example: '本所满意度测评得分与实际不符' }) @IsString() @IsNotEmpty() @MaxLength(4000) text: string;
}

export class AnswerObjectionDto extends RequiredReasonDto {
  @ApiProperty() @IsBoolean() upheld: boolean;
}

