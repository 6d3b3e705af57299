/** Request bodies of the workflow API: every field validated; unknown fields are refused by the global pipe. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min,
  ValidateNested, ArrayMaxSize, ValidateBy, ValidationArguments,
} from 'class-validator';
import { GRADE_KEYS, INNOVATION_LEVELS } from '@app/policy';

const SCORE = /^\d{1,3}(\.\d)?$/;
const SCORE_MESSAGE = 'must be a decimal score with at most one decimal place, e.g. "18.5"';

/** A count that cannot exceed a sibling count (attended ≤ held): checked with the other fields, so all are reported at once. */
function NotMoreThan(sibling: string) {
  return ValidateBy({
    name: 'notMoreThan',
    constraints: [sibling],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const other = (args?.object as Record<string, unknown>)?.[sibling];
        return typeof value !== 'number' || typeof other !== 'number' || value <= other;
      },
      defaultMessage: () => `cannot exceed ${sibling}`,
    },
  });
}

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

class WorkOrdersDto {
  @ApiProperty({ example: 42 }) @IsInt() @Min(0) @Max(100000) received: number;
  @ApiProperty({ example: 40 }) @IsInt() @Min(0) @Max(100000) onTime: number;
  @ApiProperty({ example: 2 }) @IsInt() @Min(0) @Max(100000) overdue: number;
  @ApiProperty({ example: 0, description: '推诿/扯皮 returns' }) @IsInt() @Min(0) @Max(100000) returnedForShirking: number;
  @ApiProperty({ example: 0, description: '弄虚作假' }) @IsInt() @Min(0) @Max(100000) falsified: number;
}

class SatisfactionDto {
  @ApiProperty({ example: 30 }) @IsInt() @Min(0) @Max(1000000) surveyed: number;
  @ApiProperty({ example: 29 }) @IsInt() @Min(0) @Max(1000000) @NotMoreThan('surveyed') satisfied: number;
}

/** Four-platform data of one month (command room). */
export class SpecialMonthDto {
  @ApiProperty({ example: 4 }) @IsInt() @Min(0) @Max(100) meetingsHeld: number;
  @ApiProperty({ example: 4 }) @IsInt() @Min(0) @Max(100) @NotMoreThan('meetingsHeld') meetingsAttended: number;
  @ApiProperty({ type: WorkOrdersDto }) @ValidateNested() @Type(() => WorkOrdersDto) workOrders: WorkOrdersDto;
  @ApiProperty({ example: 1 }) @IsInt() @Min(0) @Max(100000) complaints: number;
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

