/** Answers of the administration routes (OpenAPI response DTOs). */
import { ApiProperty } from '@nestjs/swagger';

export class LocalizedTextDto {
  @ApiProperty({ example: '定海区街道派驻机构考核办法（试行）' }) zh: string;
  @ApiProperty({ example: 'Trial assessment method of dispatched stations' }) en: string;
}

export class PolicyVersionDto {
  @ApiProperty({ example: '2021-trial' }) version: string;
  @ApiProperty({ type: LocalizedTextDto }) title: LocalizedTextDto;
  @ApiProperty({ example: '2021-06-03' }) effectiveFrom: string;
}

const free = { type: 'object', additionalProperties: true } as const;

/** One policy version as loaded (config/policies/*.json, validated): rubric, grades, quota, bonus, schedule. */
export class PolicyDto extends PolicyVersionDto {
  @ApiProperty({ enum: [0, 1] }) scoreDecimals: number;
  @ApiProperty({ type: 'array', items: free, description: 'parts (日常管理, 专项管理) with their items and maxima' }) parts: Record<string, unknown>[];
  @ApiProperty({ ...free, description: 'innovation points per level and the cap' }) innovation: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: free, description: 'grade thresholds, best first' }) grades: Record<string, unknown>[];
  @ApiProperty(free) excellentQuota: Record<string, unknown>;
  @ApiProperty({ example: 'shareRankThenSpecial', description: 'how equal totals are ranked' }) tieRule: string;
  @ApiProperty(free) bonusPerPerson: Record<string, unknown>;
  @ApiProperty(free) awards: Record<string, unknown>;
  @ApiProperty({ ...free, description: 'reminder schedule: monthly records, self-assessment window, deadline' }) schedule: Record<string, unknown>;
  @ApiProperty(free) publicity: Record<string, unknown>;
  @ApiProperty(free) notices: Record<string, unknown>;
  @ApiProperty({ ...free, description: 'who is assessed: fourPlatformsOnly' }) scope: Record<string, unknown>;
  @ApiProperty({ ...free, description: 'suggested scores (建议分): departureNeedsReason and the deduction rules per item' }) suggestions: Record<string, unknown>;
  @ApiProperty({ ...free, description: 'hand-off guards: computeNeedsEveryMonth, submitNeedsExplainedDepartures, releaseNeedsReachableRecipients' }) guards: Record<string, unknown>;
  @ApiProperty({ ...free, description: 'individual grades: maxGradeSteps from the station grade' }) persons: Record<string, unknown>;
  @ApiProperty({ type: 'integer' }) maxTotalTenths: number;
}

export class RebuiltDto {
  @ApiProperty({ type: 'integer', description: 'events replayed' }) events: number;
  @ApiProperty({ type: 'integer', description: 'wall time of the rebuild' }) ms: number;
}
