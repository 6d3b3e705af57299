import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { NameField, Optional, QueryBoolean, VersionDto } from './fields';

export class CreateStaffDto {
  @ApiProperty({ format: 'uuid', description: 'a station of the same subdistrict' })
  @IsUUID()
  stationId: string;

  @NameField('张三', 50)
  name: string;

  @ApiPropertyOptional({ example: '所长', nullable: true, description: '职务' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  position?: string | null;

  @ApiPropertyOptional({ example: false, default: false, description: '是否负责人' })
  @Optional()
  @IsBoolean()
  isHead?: boolean;

  @ApiPropertyOptional({ example: true, default: true })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateStaffDto extends IntersectionType(PartialType(CreateStaffDto, { skipNullProperties: false }), VersionDto) {}

export class StaffQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  stationId?: string;

  @QueryBoolean('only active (true) or inactive (false) staff')
  active?: boolean;
}
