/** Answers of the master-data routes (OpenAPI response DTOs: the web console's generated client is typed from these). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class SubdistrictDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, example: "城东街道" }) name: string;
  @ApiProperty({ type: String, example: "城东" }) abbr: string;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class DepartmentDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid' }) subdistrictId: string;
  @ApiProperty({ type: String, example: "定海区公安分局" }) name: string;
  @ApiProperty({ type: String, example: "dispatching" }) kind: string;
  @ApiProperty({ type: [String] }) channels: string[];
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ type: String, example: "https://oa.example.gov.cn/hook", nullable: true }) webhookUrl: string | null;
  @ApiProperty({ type: Boolean }) hasWebhookSecret: boolean;
  @ApiProperty({ type: Boolean, description: 'a DingTalk robot is configured (its token never leaves the server)' }) hasDingtalkRobot: boolean;
  @ApiProperty({ type: Boolean }) hasDingtalkSecret: boolean;
  @ApiProperty({ type: Boolean, description: 'a WeCom robot is configured' }) hasWecomRobot: boolean;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class StaffDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid' }) subdistrictId: string;
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
  @ApiProperty({ type: String, example: "张三" }) name: string;
  @ApiProperty({ type: String, example: "所长", nullable: true }) position: string | null;
  @ApiProperty({ type: Boolean }) isHead: boolean;
  @ApiProperty({ type: Boolean }) active: boolean;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class StationStaffDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid' }) subdistrictId: string;
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
  @ApiProperty({ type: String, example: "张三" }) name: string;
  @ApiProperty({ type: String, example: "所长" }) position: string;
  @ApiProperty({ type: Boolean }) isHead: boolean;
  @ApiProperty({ type: Boolean }) active: boolean;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

/** How notices reach a station or user: the channels and addresses; of the secrets only whether they are set. */
export class DeliveryViewDto {
  @ApiProperty({ type: [String] }) channels: string[];
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty({ nullable: true, type: String }) webhookUrl: string | null;
  @ApiProperty({ type: Boolean }) hasWebhookSecret: boolean;
  @ApiProperty({ type: Boolean, description: 'a DingTalk robot is configured (its token never leaves the server)' }) hasDingtalkRobot: boolean;
  @ApiProperty({ type: Boolean }) hasDingtalkSecret: boolean;
  @ApiProperty({ type: Boolean, description: 'a WeCom robot is configured' }) hasWecomRobot: boolean;
}

export class StationDto extends DeliveryViewDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid' }) subdistrictId: string;
  @ApiProperty({ type: String, format: 'uuid' }) departmentId: string;
  @ApiProperty({ type: String, example: "城东派出所" }) name: string;
  @ApiProperty({ type: String, example: "independent" }) kind: string;
  @ApiProperty({ type: String, example: "独立派驻" }) kindLabel: string;
  @ApiProperty({ type: 'integer' }) headcount: number;
  @ApiProperty({ type: String, example: "张三" }) headName: string;
  @ApiProperty({ type: Boolean }) fourPlatforms: boolean;
  @ApiProperty({ type: Boolean }) active: boolean;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
  @ApiPropertyOptional({ type: () => [StationStaffDto] }) staff?: StationStaffDto[];
}

export class UserDto extends DeliveryViewDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid' }) subdistrictId: string;
  @ApiProperty({ type: String, example: "cd.pcs" }) username: string;
  @ApiProperty({ type: String, example: "城东派出所" }) displayName: string;
  @ApiProperty({ type: String, example: "leader" }) role: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) stationId: string | null;
  @ApiProperty({ type: Boolean }) active: boolean;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class ImportRowDto {
  @ApiProperty({ type: 'integer', example: 2, description: 'the row of the file (the header is row 1)' }) row: number;
  @ApiProperty({ example: '城东派出所 张建国' }) name: string;
  @ApiProperty({ enum: ['created', 'updated', 'unchanged'] }) action: 'created' | 'updated' | 'unchanged';
  @ApiProperty({ type: [String], example: ['position'], description: 'the fields an update changes' }) changes: string[];
}

/** What an import did, or (dryRun) would do, with each row. */
export class ImportResultDto {
  @ApiProperty({ description: 'true: nothing was written' }) dryRun: boolean;
  @ApiProperty({ type: 'integer', description: 'rows created + rows updated' }) imported: number;
  @ApiProperty({ type: 'integer' }) created: number;
  @ApiProperty({ type: 'integer' }) updated: number;
  @ApiProperty({ type: 'integer' }) unchanged: number;
  @ApiProperty({ type: [ImportRowDto] }) rows: ImportRowDto[];
}
