import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { API_TOKEN_ROLES, MAX_PASSWORD_LENGTH } from '@app/auth';
import type { ApiTokenRole } from '@app/auth';

export class LoginDto {
  @ApiProperty({ example: 'coordinator.chengdong' })
  @IsString()
  @Length(1, 200)
  username: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 4 * MAX_PASSWORD_LENGTH)
  password: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last login or refresh (single use)' })
  @IsString()
  @Length(1, 200)
  refreshToken: string;
}

export class SetPasswordDto {
  @ApiProperty({ format: 'password', minLength: 12 })
  @IsString()
  @MaxLength(4 * MAX_PASSWORD_LENGTH)
  newPassword: string;

  @ApiPropertyOptional({ format: 'password', description: 'Required when changing your own password' })
  @IsOptional()
  @IsString()
  @MaxLength(4 * MAX_PASSWORD_LENGTH)
  oldPassword?: string;
}

export class CreateApiTokenDto {
  @ApiProperty({ example: '12345 hotline integration' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: API_TOKEN_ROLES, description: 'The one role the token acts with (never admin)' })
  @IsIn(API_TOKEN_ROLES as unknown as string[])
  role: ApiTokenRole;

  @ApiProperty({ format: 'uuid', description: 'The subdistrict the token is limited to' })
  @IsUUID()
  subdistrictId: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required for, and only for, the station role' })
  @IsOptional()
  @IsUUID()
  stationId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the token stops working (default: never)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}
