import { ApiProperty } from '@nestjs/swagger';

export class PreviewRecipientDto {
  @ApiProperty({ enum: ['dispatching_department', 'organisation_department', 'station'] }) role: string;
  @ApiProperty({ example: '派出部门' }) roleLabel: string;
  @ApiProperty({ example: '区公安分局' }) name: string;
  @ApiProperty({ type: [String], example: ['inbox', 'email'] }) channels: string[];
  @ApiProperty({ type: Number, nullable: true, description: 'a station: its active users (who read its inbox); null for a department' }) inboxUsers: number | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ description: 'false: no channel reaches this recipient' }) reachable: boolean;
}

export class PreviewNoticeDto {
  @ApiProperty({ format: 'uuid' }) stationId: string;
  @ApiProperty({ example: '城东派出所' }) station: string;
  @ApiProperty({ example: '城东考〔2026〕1号' }) number: string;
  @ApiProperty({ description: 'true: the station was numbered before and keeps its number' }) renumbered: boolean;
  @ApiProperty({ example: 'excellent' }) grade: string;
  @ApiProperty({ example: '优秀' }) gradeLabel: string;
  @ApiProperty({ example: '95.0' }) total: string;
  @ApiProperty({ type: [PreviewRecipientDto] }) recipients: PreviewRecipientDto[];
}

/** The 抄告 a release would send now; nothing is sent. */
export class ReleasePreviewDto {
  @ApiProperty({ example: 2026 }) year: number;
  @ApiProperty({ example: 'approved' }) state: string;
  @ApiProperty({ example: '城东街道' }) subdistrict: string;
  @ApiProperty() stations: number;
  @ApiProperty({ description: 'notices in all (stations × recipients)' }) notices: number;
  @ApiProperty({ type: [String], description: 'recipients no channel reaches' }) unreachable: string[];
  @ApiProperty({ type: [PreviewNoticeDto] }) items: PreviewNoticeDto[];
}
