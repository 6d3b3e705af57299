/** Answers of the reporting routes (OpenAPI response DTOs: the web console's generated client is typed from these). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BoardFiltersDto {
  @ApiProperty({ type: Boolean }) lateOnly: boolean;
  @ApiPropertyOptional({ type: String, example: "months" }) milestone?: string;
  @ApiPropertyOptional({ type: String, example: "daysLate" }) sort?: string;
  @ApiPropertyOptional({ type: String, example: "desc" }) order?: string;
  @ApiPropertyOptional({ type: String, example: "regional" }) kind?: string;
  @ApiPropertyOptional({ type: String, example: "12月15日自评提醒" }) occasion?: string;
}

export class BoardTotalsMonthsDto {
  @ApiProperty({ type: String, example: "4 of 6 up to date, 2 with missing months" }) label: string;
  @ApiProperty({ type: String, example: "月度记录：6个站所中4个已报齐，2个缺报" }) labelZh: string;
  @ApiProperty({ type: 'integer' }) upToDate: number;
  @ApiProperty({ type: 'integer' }) withMissing: number;
  @ApiProperty({ type: 'integer' }) missingMonths: number;
}

export class BoardTotalsSelfAssessmentDto {
  @ApiProperty({ type: String, example: "0 of 6 submitted, 0 overdue" }) label: string;
  @ApiProperty({ type: String, example: "自评表：应交6个，已交0个（逾期提交0个），逾期未交0个，延期0个" }) labelZh: string;
  @ApiProperty({ type: 'integer' }) submitted: number;
  @ApiProperty({ type: Number }) submittedLate: number;
  @ApiProperty({ type: 'integer' }) overdue: number;
  @ApiProperty({ type: 'integer' }) extended: number;
  @ApiProperty({ type: 'integer' }) draft: number;
  @ApiProperty({ type: 'integer' }) notStarted: number;
}

export class BoardTotalsScoringDto {
  @ApiProperty({ type: String, example: "0 of 6 scored, 0 in progress" }) label: string;
  @ApiProperty({ type: String, example: "测评：6个站所中0个已评完7项，0个评分中" }) labelZh: string;
  @ApiProperty({ type: 'integer' }) complete: number;
  @ApiProperty({ type: 'integer' }) inProgress: number;
  @ApiProperty({ type: 'integer' }) notStarted: number;
}

export class BoardTotalsNoticesDto {
  @ApiProperty({ type: String, example: "0 of 0 result notices delivered, 0 failed" }) label: string;
  @ApiProperty({ type: String, example: "抄告送达：抄告0份，已送达0份，失败0份" }) labelZh: string;
  @ApiProperty({ type: 'integer' }) delivered: number;
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) failed: number;
}

export class BoardTotalsDto {
  @ApiProperty({ type: 'integer' }) stations: number;
  @ApiProperty({ type: () => BoardTotalsMonthsDto }) months: BoardTotalsMonthsDto;
  @ApiProperty({ type: () => BoardTotalsSelfAssessmentDto }) selfAssessment: BoardTotalsSelfAssessmentDto;
  @ApiProperty({ type: () => BoardTotalsScoringDto }) scoring: BoardTotalsScoringDto;
  @ApiProperty({ type: () => BoardTotalsNoticesDto }) notices: BoardTotalsNoticesDto;
}

export class BoardRowMonthsMissingDto {
  @ApiProperty({ type: 'integer' }) month: number;
  @ApiProperty({ type: 'integer' }) daysLate: number;
}

export class BoardRowMonthsRecordedLateDto {
  @ApiProperty({ type: 'integer' }) month: number;
  @ApiProperty({ type: 'integer' }) daysLate: number;
}

export class BoardRowMonthsDto {
  @ApiProperty({ type: 'integer' }) due: number;
  @ApiProperty({ type: 'integer' }) recorded: number;
  @ApiProperty({ type: () => [BoardRowMonthsMissingDto] }) missing: BoardRowMonthsMissingDto[];
  @ApiProperty({ type: () => [BoardRowMonthsRecordedLateDto] }) recordedLate: BoardRowMonthsRecordedLateDto[];
  @ApiProperty({ type: Number }) maxDaysLate: number;
}

export class BoardRowSelfAssessmentDto {
  @ApiProperty({ type: String, example: "not_started" }) status: string;
  @ApiProperty({ type: String, example: "未填报" }) label: string;
  @ApiProperty({ nullable: true, type: String }) extendedUntil: string | null;
  @ApiProperty({ nullable: true, type: String }) submittedAt: string | null;
}

export class BoardRowRemindersDto {
  @ApiProperty({ type: 'integer' }) count: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAt: string | null;
}

export class BoardRowLastNoticeDto {
  @ApiProperty({ type: String, example: '12月15日自评提醒', description: '通知事由' }) occasion: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'issue time' }) issuedAt: string;
}

export class BoardRowScoringDto {
  @ApiProperty({ type: 'integer' }) itemsScored: number;
  @ApiProperty({ type: 'integer' }) itemCount: number;
  @ApiProperty({ type: [String], example: ['command_room', 'coordinator'] }) roles: string[];
  @ApiProperty({ type: [String] }) roleLabels: string[];
  @ApiProperty({ nullable: true, type: String }) lastScoredAt: string | null;
  @ApiProperty({ type: Boolean }) complete: boolean;
}

export class BoardRowNoticesDto {
  @ApiProperty({ type: 'integer' }) delivered: number;
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) failed: number;
}

export class BoardRowLateInDto {
  @ApiProperty({ type: Boolean }) months: boolean;
  @ApiProperty({ type: Boolean }) self_assessment: boolean;
  @ApiProperty({ type: Boolean }) scoring: boolean;
  @ApiProperty({ type: Boolean }) notices: boolean;
}

export class BoardRowOutstandingDto {
  @ApiProperty({ type: Boolean }) months: boolean;
  @ApiProperty({ type: Boolean }) self_assessment: boolean;
  @ApiProperty({ type: Boolean }) scoring: boolean;
  @ApiProperty({ type: Boolean }) notices: boolean;
}

export class BoardRowDto {
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
  @ApiProperty({ type: String, example: "丙司法所" }) name: string;
  @ApiProperty({ type: String, example: "independent" }) kind: string;
  @ApiProperty({ type: String, example: "独立派驻" }) kindLabel: string;
  @ApiProperty({ type: String, format: 'uuid' }) departmentId: string;
  @ApiProperty({ type: String, example: "区公安分局" }) department: string;
  @ApiProperty({ type: String, example: "负责人2" }) head: string;
  @ApiProperty({ type: String, example: "recording" }) state: string;
  @ApiProperty({ type: () => BoardRowMonthsDto }) months: BoardRowMonthsDto;
  @ApiProperty({ type: () => BoardRowSelfAssessmentDto }) selfAssessment: BoardRowSelfAssessmentDto;
  @ApiProperty({ type: () => BoardRowRemindersDto }) reminders: BoardRowRemindersDto;
  @ApiProperty({ type: () => BoardRowLastNoticeDto, nullable: true, description: 'the latest notice about the station: its occasion and issue time' })
  lastNotice: BoardRowLastNoticeDto | null;
  @ApiProperty({ type: () => BoardRowScoringDto }) scoring: BoardRowScoringDto;
  @ApiProperty({ type: () => BoardRowNoticesDto }) notices: BoardRowNoticesDto;
  @ApiProperty({ type: Boolean }) late: boolean;
  @ApiProperty({ type: () => BoardRowLateInDto }) lateIn: BoardRowLateInDto;
  @ApiProperty({ type: () => BoardRowOutstandingDto }) outstanding: BoardRowOutstandingDto;
}

export class BoardDto {
  @ApiProperty({ type: String, format: 'uuid' }) subdistrictId: string;
  @ApiProperty({ type: String, example: "城东街道" }) subdistrict: string;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, example: "opened" }) yearState: string;
  @ApiProperty({ type: String, example: "2021-trial" }) policyVersion: string;
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) deadline: string;
  @ApiProperty({ type: 'integer' }) itemCount: number;
  @ApiProperty({ type: () => BoardFiltersDto }) filters: BoardFiltersDto;
  @ApiProperty({ type: () => BoardTotalsDto }) totals: BoardTotalsDto;
  @ApiProperty({ type: [String], example: ['12月15日自评提醒'], description: 'the occasions of the notices sent about the year’s stations (values of the occasion filter)' })
  occasions: string[];
  @ApiProperty({ type: () => [BoardRowDto] }) rows: BoardRowDto[];
}

export class DashboardProgressMonthDto {
  @ApiProperty({ type: 'integer' }) month: number;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt: string;
  @ApiProperty({ type: 'integer' }) recorded: number;
  @ApiProperty({ type: Number }) onTime: number;
  @ApiProperty({ type: 'integer' }) stations: number;
}

export class DashboardProgressSelfAssessmentsSubmittedDto {
  @ApiProperty({ type: String, example: "2026-12-20" }) date: string;
  @ApiProperty({ type: 'integer' }) count: number;
  @ApiProperty({ type: Number }) cumulative: number;
}

export class DashboardProgressItemsScoredDto {
  @ApiProperty({ type: String, example: "2027-01-08" }) date: string;
  @ApiProperty({ type: 'integer' }) count: number;
  @ApiProperty({ type: Number }) cumulative: number;
}

export class DashboardProgressStationsScoredDto {
  @ApiProperty({ type: String, example: "2027-01-08" }) date: string;
  @ApiProperty({ type: 'integer' }) count: number;
  @ApiProperty({ type: Number }) cumulative: number;
}

export class DashboardProgressDto {
  @ApiProperty({ type: () => [DashboardProgressMonthDto] }) months: DashboardProgressMonthDto[];
  @ApiProperty({ type: () => [DashboardProgressSelfAssessmentsSubmittedDto] }) selfAssessmentsSubmitted: DashboardProgressSelfAssessmentsSubmittedDto[];
  @ApiProperty({ type: () => [DashboardProgressItemsScoredDto] }) itemsScored: DashboardProgressItemsScoredDto[];
  @ApiProperty({ type: () => [DashboardProgressStationsScoredDto] }) stationsScored: DashboardProgressStationsScoredDto[];
}

export class DashboardScoreDistributionBucketDto {
  @ApiProperty({ type: Number }) from: number;
  @ApiProperty({ type: Number }) to: number;
  @ApiProperty({ type: String, example: "0–10" }) label: string;
  @ApiProperty({ type: 'integer' }) count: number;
}

export class DashboardScoreDistributionDto {
  @ApiProperty({ type: Number }) bucket: number;
  @ApiProperty({ type: () => [DashboardScoreDistributionBucketDto] }) buckets: DashboardScoreDistributionBucketDto[];
}

export class DashboardGradeDto {
  @ApiProperty({ type: String, example: "excellent" }) grade: string;
  @ApiProperty({ type: String, example: "优秀" }) label: string;
  @ApiProperty({ type: 'integer' }) count: number;
}

export class DashboardSelfAssessmentDto {
  @ApiProperty({ type: String, example: '2026-12-01' }) windowOpens: string;
  @ApiProperty({ type: String, example: '2026-12-31' }) deadline: string;
}

export class DashboardStationMonthsDto {
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
  @ApiProperty({ type: String, example: '城东派出所' }) name: string;
  @ApiProperty({ type: [Boolean], description: 'January to December: recorded or not' }) months: boolean[];
  @ApiProperty({ type: [Boolean], description: 'January to December: waived (豁免) by the coordination group, not recorded' }) waived: boolean[];
}

export class DashboardStationScoreDto {
  @ApiProperty({ type: String }) name: string;
  @ApiProperty({ type: Number, example: 9.5 }) score: number;
}

export class DashboardItemScoresDto {
  @ApiProperty({ type: String, example: 'workOrders' }) itemKey: string;
  @ApiProperty({ type: String, example: '工单办理' }) label: string;
  @ApiProperty({ type: Number, example: 20 }) max: number;
  @ApiProperty({ type: () => [DashboardStationScoreDto] }) stations: DashboardStationScoreDto[];
}

export class DashboardNoticeCountDto {
  @ApiProperty({ type: String, example: 'result_notice' }) kind: string;
  @ApiProperty({ type: 'integer' }) count: number;
}

export class DashboardDeliveryCountDto {
  @ApiProperty({ type: String, example: 'inbox' }) channel: string;
  @ApiProperty({ type: String, example: 'delivered' }) status: string;
  @ApiProperty({ type: 'integer' }) count: number;
}

export class DashboardYearDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { excellent: 1, good: 2, qualified: 0, unqualified: 0 } }) grades: Record<string, number>;
  @ApiProperty({ type: Number, nullable: true }) averageTotal: number | null;
}

export class DashboardDto {
  @ApiProperty({ type: () => DashboardSelfAssessmentDto }) selfAssessment: DashboardSelfAssessmentDto;
  @ApiProperty({ type: () => [DashboardStationMonthsDto] }) monthsByStation: DashboardStationMonthsDto[];
  @ApiProperty({ type: () => [DashboardItemScoresDto] }) itemScores: DashboardItemScoresDto[];
  @ApiProperty({ type: () => [DashboardNoticeCountDto] }) notices: DashboardNoticeCountDto[];
  @ApiProperty({ type: () => [DashboardDeliveryCountDto] }) deliveries: DashboardDeliveryCountDto[];
  @ApiProperty({ type: () => [DashboardYearDto], description: 'grade counts of every year of the subdistrict' }) yearOverYear: DashboardYearDto[];
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, example: "released" }) state: string;
  @ApiProperty({ type: 'integer' }) stations: number;
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: () => DashboardProgressDto }) progress: DashboardProgressDto;
  @ApiProperty({ type: () => DashboardScoreDistributionDto }) scoreDistribution: DashboardScoreDistributionDto;
  @ApiProperty({ type: () => [DashboardGradeDto] }) grades: DashboardGradeDto[];
}

export class DecisionsDecisionActorDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, example: "coordinator" }) role: string;
  @ApiProperty({ type: String, nullable: true }) name: string | null;
}

export class DecisionsDecisionDto {
  @ApiProperty({ type: Number }) id: number;
  @ApiProperty({ type: String, example: "ResultsSubmittedForApproval" }) type: string;
  @ApiProperty({ type: String, example: "submitted_for_approval" }) kind: string;
  @ApiProperty({ type: String, example: "提交审定" }) label: string;
  @ApiProperty({ type: () => DecisionsDecisionActorDto }) actor: DecisionsDecisionActorDto;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
  @ApiProperty({ type: String, example: "专项得分依据不足，请复核", nullable: true }) reason: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) stationId: string | null;
  @ApiProperty({ type: String, example: "城东司法所", nullable: true }) stationName: string | null;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'ResultsApproved: end of the publicity period, null when none' }) publicityUntil?: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid' }) objectionId?: string;
  @ApiPropertyOptional({ type: String, example: "工单办理得分与实际不符" }) text?: string;
  @ApiPropertyOptional({ type: Boolean }) upheld?: boolean;
}

export class DecisionsDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, example: "released" }) state: string;
  @ApiProperty({ type: () => [DecisionsDecisionDto] }) decisions: DecisionsDecisionDto[];
}

export class ExportJobDto {
  @ApiProperty({ type: String, format: 'uuid' }) exportId: string;
  @ApiPropertyOptional({ type: String, example: "result_table" }) kind?: string;
  @ApiPropertyOptional({ nullable: true, type: String }) stationId?: string | null;
  @ApiPropertyOptional({ type: String, example: "queued" }) status?: string;
  @ApiPropertyOptional({ type: Number }) progress?: number;
  @ApiPropertyOptional({ nullable: true, type: String }) error?: string | null;
  @ApiPropertyOptional({ type: String, example: "城东街道2026年度派驻机构考核结果汇总表.xlsx", nullable: true }) fileName?: string | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true }) size?: number | null;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) createdAt?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) finishedAt?: string | null;
}

export class OverviewSelfAssessmentDto {
  @ApiProperty({ type: 'integer', description: 'submitted, on time or late' }) submitted: number;
  @ApiProperty({ type: 'integer' }) submittedLate: number;
  @ApiProperty({ type: 'integer' }) notSubmitted: number;
  @ApiProperty({ type: 'integer', description: 'not submitted and past the deadline (or a lapsed extension) at generatedAt' }) overdue: number;
  @ApiProperty({ type: 'integer' }) extended: number;
  @ApiProperty({ type: 'integer' }) draft: number;
  @ApiProperty({ type: 'integer' }) notStarted: number;
}

export class OverviewMonthsDto {
  @ApiProperty({ type: 'integer', description: 'months due at generatedAt (1 … due)' }) due: number;
  @ApiProperty({ type: 'integer' }) upToDate: number;
  @ApiProperty({ type: 'integer', description: 'stations missing at least one due month' }) withMissing: number;
  @ApiProperty({ type: 'integer', description: 'due months missing, over every station' }) missingMonths: number;
}

export class OverviewScoringDto {
  @ApiProperty({ type: 'integer' }) complete: number;
  @ApiProperty({ type: 'integer' }) inProgress: number;
  @ApiProperty({ type: 'integer' }) notStarted: number;
}

export class OverviewNoticesDto {
  @ApiProperty({ type: 'integer' }) total: number;
  @ApiProperty({ type: 'integer' }) delivered: number;
  @ApiProperty({ type: 'integer' }) failed: number;
}

/** What the late board's totals show, for one subdistrict or all of them. */
export class OverviewFiguresDto {
  @ApiProperty({ type: 'integer' }) stations: number;
  @ApiProperty({ type: () => OverviewSelfAssessmentDto }) selfAssessment: OverviewSelfAssessmentDto;
  @ApiProperty({ type: () => OverviewMonthsDto }) months: OverviewMonthsDto;
  @ApiProperty({ type: () => OverviewScoringDto }) scoring: OverviewScoringDto;
  @ApiProperty({ type: () => OverviewNoticesDto }) notices: OverviewNoticesDto;
}

export class OverviewTotalsDto extends OverviewFiguresDto {
  @ApiProperty({ type: 'integer' }) subdistricts: number;
  @ApiProperty({
    type: String, format: 'date-time',
    description: 'when the counters behind the totals were summed (the figures are derived at generatedAt): generatedAt itself below '
      + 'OVERVIEW_TOTALS_CACHE_FROM subdistricts; above, up to OVERVIEW_TOTALS_MAX_AGE earlier (plus one background re-sum)',
  }) countedAt: string;
}

export class OverviewRowDto extends OverviewFiguresDto {
  @ApiProperty({ format: 'uuid', type: String }) subdistrictId: string;
  @ApiProperty({ type: String, example: '城关街道' }) subdistrict: string;
  @ApiProperty({ type: String, example: 'selfAssessmentWindow' }) yearState: string;
  @ApiProperty({ type: String, example: '自评中' }) yearStateLabel: string;
  @ApiProperty({ type: String, example: '2021-trial' }) policyVersion: string;
}

export class OverviewDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, format: 'date-time' }) generatedAt: string;
  @ApiProperty({ type: String, enum: ['name', 'behind'] }) sort: string;
  @ApiProperty({ type: 'integer' }) limit: number;
  @ApiProperty({ type: () => OverviewTotalsDto, description: 'over every subdistrict of the year' }) totals: OverviewTotalsDto;
  @ApiProperty({ type: () => [OverviewRowDto], description: 'one page of subdistricts' }) rows: OverviewRowDto[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as cursor for the next page; null on the last' }) nextCursor: string | null;
}
