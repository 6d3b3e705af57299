import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { ROLES } from '@app/platform';
import type { Role } from '@app/platform';
import { DeliveryDto, NameField, Optional, QueryBoolean, VersionDto } from './fields';

/** A user, and how notices addressed to them reach them (inbox by default; robots' secrets are write-only). */
export class CreateUserDto extends DeliveryDto {
  @ApiProperty({ example: 'chengdong.paichusuo', description: 'login name: letters, digits, . _ -', maxLength: 64 })
  @IsString()
  @Length(3, 64)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'username may contain only letters, digits, ".", "_" and "-"' })
  username: string;

  @NameField('城东派出所 张三', 100)
  displayName: string;

  @ApiProperty({ enum: ROLES, example: 'station' })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'required for station users, refused for other roles' })
  @IsOptional()
  @IsUUID()
  stationId?: string | null;

  @ApiPropertyOptional({ example: true, default: true })
  @Optional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateUserDto extends IntersectionType(PartialType(CreateUserDto, { skipNullProperties: false }), VersionDto) {}

export class UserQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @Optional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  stationId?: string;

  @QueryBoolean('only active (true) or inactive (false) users')
  active?: boolean;
}
