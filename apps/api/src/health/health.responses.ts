/** Answers of the health routes (OpenAPI response DTOs: the web console's generated client is typed from these). */
import { ApiProperty } from '@nestjs/swagger';

export class HealthDatabaseDto {
  @ApiProperty({ type: Boolean }) ok: boolean;
  @ApiProperty({ type: Boolean }) embedded: boolean;
}

export class HealthQueueDto {
  @ApiProperty({ type: Boolean }) ok: boolean;
  @ApiProperty({ type: String, example: "redis" }) backend: string;
}

export class HealthDto {
  @ApiProperty({ type: String, example: "ok" }) status: string;
  @ApiProperty({ type: () => HealthDatabaseDto }) database: HealthDatabaseDto;
  @ApiProperty({ type: () => HealthQueueDto }) queue: HealthQueueDto;
}
