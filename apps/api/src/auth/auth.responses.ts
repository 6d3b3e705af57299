/** Answers of the auth routes (OpenAPI response DTOs: the web console's generated client is typed from these). */
import { ApiProperty } from '@nestjs/swagger';

export class ApiTokenDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, example: "hotline integration" }) name: string;
  @ApiProperty({ type: String, example: "command_room" }) role: string;
  @ApiProperty({ type: String, format: 'uuid' }) subdistrictId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) stationId: string | null;
  @ApiProperty({ type: String, format: 'uuid' }) createdBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) revokedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastUsedAt: string | null;
}

export class WhoAmIDto {
  @ApiProperty({ type: String, format: 'uuid' }) userId: string;
  @ApiProperty({ type: String }) username: string;
  @ApiProperty({ type: String, example: "station" }) role: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a deployment-wide admin' }) subdistrictId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) stationId: string | null;
  @ApiProperty({ type: String, example: "session" }) via: string;
  @ApiProperty({ type: String, example: '城东派出所联络员' }) displayName: string;
  @ApiProperty({ type: String, example: '站所用户' }) roleLabel: string;
  @ApiProperty({ description: 'the password was set by an administrator: the user must choose their own first' }) mustChangePassword: boolean;
  @ApiProperty({ type: [String], example: ['year.read', 'selfassessment.file', 'inbox.own'], description: 'what the role may do (the console offers only these)' })
  permissions: string[];
  @ApiProperty({ type: [String], example: ['result_table', 'late_board'], description: 'the export kinds the role may create (each shows what its kind holds)' })
  exportKinds: string[];
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ type: String, description: 'the token itself: shown once, never again' }) token: string;
}

export class TokensUserDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, example: "demo-admin" }) username: string;
  @ApiProperty({ type: String, example: "系统管理员" }) displayName: string;
  @ApiProperty({ type: String, example: "admin" }) role: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) subdistrictId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) stationId: string | null;
  @ApiProperty({ description: 'the password was set by an administrator: change it before anything else' }) mustChangePassword: boolean;
}

export class TokensDto {
  @ApiProperty({ type: String }) accessToken: string;
  @ApiProperty({ type: String }) refreshToken: string;
  @ApiProperty({ type: String, example: "Bearer" }) tokenType: string;
  @ApiProperty({ type: 'integer' }) expiresIn: number;
  @ApiProperty({ type: String, format: 'date-time' }) refreshExpiresAt: string;
  @ApiProperty({ type: () => TokensUserDto }) user: TokensUserDto;
}
