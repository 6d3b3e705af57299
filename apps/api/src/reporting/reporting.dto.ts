import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { BOARD_SORTS, EXPORT_KINDS, MILESTONES } from '@app/reporting';

export class BoardQueryDto {
  @ApiPropertyOptional({ enum: MILESTONES, description: 'only stations with this milestone outstanding' })
  @IsOptional() @IsIn(MILESTONES) milestone?: (typeof MILESTONES)[number];
  @ApiPropertyOptional({ enum: ['independent', 'regional'] }) @IsOptional() @IsIn(['independent', 'regional']) kind?: 'independent' | 'regional';
  @ApiPropertyOptional() @IsOptional() @IsUUID() departmentId?: string;
  @ApiPropertyOptional({ description: 'only stations sent a notice of this occasion (通知事由), e.g. 12月15日自评提醒' })
  @IsOptional() @IsString() @Length(1, 100) occasion?: string;
  @ApiPropertyOptional({ enum: ['true', 'false', '1', '0'] }) @IsOptional() @IsIn(['true', 'false', '1', '0']) lateOnly?: string;
  @ApiPropertyOptional({ enum: BOARD_SORTS }) @IsOptional() @IsIn(BOARD_SORTS) sort?: (typeof BOARD_SORTS)[number];
  @ApiPropertyOptional({ enum: ['asc', 'desc'] }) @IsOptional() @IsIn(['asc', 'desc']) order?: 'asc' | 'desc';
}

export class DashboardQueryDto {
  @ApiPropertyOptional({ enum: ['5', '10'], description: 'score bucket width in points' }) @IsOptional() @IsIn(['5', '10']) bucket?: string;
}

export class CreateExportDto {
  @ApiProperty({ enum: EXPORT_KINDS }) @IsIn(EXPORT_KINDS) kind: (typeof EXPORT_KINDS)[number];
  @ApiPropertyOptional({ description: 'for self_assessment_form and evaluation_form' }) @IsOptional() @IsUUID() stationId?: string;
}
