import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { STATION_KINDS } from '@app/master-data';
import type { StationKind } from '@app/master-data';
import { DeliveryDto, NameField, Optional, QueryBoolean, VersionDto } from './fields';

export class CreateStationDto extends DeliveryDto {
  @NameField('城东派出所')
  name: string;

  @ApiProperty({ enum: STATION_KINDS, example: 'independent', description: 'independent 独立派驻 or regional 按区域设置派驻' })
  @IsIn(STATION_KINDS)
  kind: StationKind;

  @ApiProperty({ format: 'uuid', description: 'a dispatching department (派出部门) of the same subdistrict' })
  @IsUUID()
  departmentId: string;

  @ApiProperty({ example: 12, description: '编制人数' })
  @IsInt()
  @Min(0)
  @Max(10000)
  headcount: number;

  @ApiPropertyOptional({ example: '张三', nullable: true, description: '负责人' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  headName?: string | null;

  @ApiPropertyOptional({ example: true, default: true, description: '纳入“四个平台”' })
  @Optional()
  @IsBoolean()
  fourPlatforms?: boolean;

  @ApiPropertyOptional({ example: true, default: true })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateStationDto extends IntersectionType(PartialType(CreateStationDto, { skipNullProperties: false }), VersionDto) {}

export class StationQuery {
  @ApiPropertyOptional({ enum: STATION_KINDS })
  @Optional()
  @IsIn(STATION_KINDS)
  kind?: StationKind;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  departmentId?: string;

  @QueryBoolean('only active (true) or inactive (false) stations')
  active?: boolean;
}
