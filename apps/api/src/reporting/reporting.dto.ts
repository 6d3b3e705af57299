import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { BOARD_SORTS, EXPORT_KINDS, MILESTONES, OVERVIEW_PAGE, OVERVIEW_SORTS } from '@app/reporting';

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

export class OverviewQueryDto {
  @ApiPropertyOptional({ enum: OVERVIEW_SORTS, description: 'name (default), or behind: most stations not yet submitted first, then name' })
  @IsOptional() @IsIn(OVERVIEW_SORTS) sort?: (typeof OVERVIEW_SORTS)[number];
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: OVERVIEW_PAGE.max, default: OVERVIEW_PAGE.default, description: 'subdistricts per page' })
  @IsOptional() @Matches(/^[0-9]{1,4}$/, { message: `must be a whole number from 1 to ${OVERVIEW_PAGE.max}` }) limit?: string;
  @ApiPropertyOptional({ description: 'the nextCursor of the previous page (same sort)' })
  @IsOptional() @IsString() @Length(1, 1000) cursor?: string;
}
