/** Answers of the assessment routes (OpenAPI response DTOs: the web console's generated client is typed from these). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A score that differs from its suggested score (建议分); `reason` null while none was given against the current suggestion. */
export class DepartureDto {
  @ApiProperty({ example: 'workOrders' }) itemKey: string;
  @ApiProperty({ example: '工单办理' }) label: string;
  @ApiProperty({ type: 'integer', example: 190 }) suggestedTenths: number;
  @ApiProperty({ type: 'integer', example: 200 }) scoredTenths: number;
  @ApiProperty({ type: String, nullable: true, example: '被退回工单经复核系派单错误' }) reason: string | null;
  @ApiProperty({ example: '工单办理：建议分19.0分，评定20.0分（理由：被退回工单经复核系派单错误）' }) text: string;
}

export class StaffMismatchDto {
  @ApiProperty({ type: 'integer', example: 3, description: '编制人数' }) headcount: number;
  @ApiProperty({ type: 'integer', example: 2, description: 'staff on record' }) onRecord: number;
  @ApiPropertyOptional({ example: '在册工作人员2人,与编制人数3人不一致,请在审定前核实' }) text?: string;
}

export class NotAssessedStationDto {
  @ApiProperty({ format: 'uuid' }) stationId: string;
  @ApiProperty({ example: '城东气象站' }) name: string;
  @ApiProperty({ example: 'regional' }) kind: string;
  @ApiProperty({ example: '按区域设置派驻' }) kindLabel: string;
  @ApiProperty({ example: '区气象局' }) department: string;
  @ApiProperty({ example: '不参加考核' }) label: string;
}

/** One line of a suggested score: what the records counted and what it took off. */
export class SuggestionRecordDto {
  @ApiProperty({ example: 'workOrdersOverdue', description: 'the measure of the policy rule (recordedDeductions, meetingsMissedWithoutLeave, …)' }) measure: string;
  @ApiProperty({ example: '工单逾期' }) label: string;
  @ApiProperty({ type: 'integer', example: 2 }) count: number;
  @ApiProperty({ example: '1.0' }) deduction: string;
  @ApiProperty({ type: [Number], example: [3] }) months: number[];
  @ApiProperty({ example: '工单逾期2次（3月），每次扣0.5分，共扣1.0分' }) text: string;
}

/** The suggested score (建议分) of an item from the year's records, by the policy's deduction rules. */
export class SuggestionDto {
  @ApiProperty({ example: '19.0' }) score: string;
  @ApiProperty({ type: 'integer', example: 190 }) tenths: number;
  @ApiProperty({ example: '1.0' }) deduction: string;
  @ApiProperty({ example: '满分20.0分，平时记录扣1.0分，建议19.0分' }) text: string;
  @ApiProperty({ type: [SuggestionRecordDto] }) records: SuggestionRecordDto[];
}

export class ScoreDepartureDto {
  @ApiProperty({ example: '19.0' }) suggested: string;
  @ApiProperty({ example: '20.0' }) score: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty({ description: 'false while the departure has no reason given against the current suggestion' }) explained: boolean;
  @ApiProperty() text: string;
}

export class ExplanationSuggestionDto {
  @ApiProperty({ type: 'integer' }) tenths: number;
  @ApiProperty() text: string;
  @ApiProperty({ type: [String] }) records: string[];
}

export class ExplanationDepartureDto {
  @ApiProperty({ type: 'integer' }) suggestedTenths: number;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty() text: string;
}

export class MonthDataImportedDto {
  @ApiProperty({ type: 'integer', example: 45, description: 'station-months recorded' }) imported: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'of which corrections of months already recorded' }) corrections: number;
}

export class MonthWaiverInfoDto {
  @ApiProperty({ example: '11月平台系统升级停用，无派单数据' }) reason: string;
  @ApiProperty({ description: 'user id of the coordinator' }) by: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: string;
}

export class ResultTableAwardsPersonDto {
  @ApiProperty({ type: String, example: "张建国" }) name: string;
  @ApiProperty({ type: String, example: "head" }) role: string;
  @ApiProperty({ type: String, example: "excellent" }) grade: string;
  @ApiProperty({ type: String, example: "城东派出所年度考核排名第1,本人考核等次优秀,作为站所负责人推荐参评先进个人" }) reason: string;
  @ApiProperty({ type: String, format: 'uuid' }) staffId: string;
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
  @ApiProperty({ type: String, example: "城东派出所" }) stationName: string;
}

export class ResultTableAwardsStationDto {
  @ApiProperty({ type: String, example: "城东派出所" }) name: string;
  @ApiProperty({ type: 'integer' }) rank: number;
  @ApiProperty({ type: String, example: "excellent" }) grade: string;
  @ApiProperty({ type: String, example: "年度考核排名第1(总分100.0分,优秀),列入前3名,推荐参评优秀党组织、先进集体" }) reason: string;
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
}

export class ResultTableAwardsDto {
  @ApiProperty({ type: () => [ResultTableAwardsPersonDto] }) persons: ResultTableAwardsPersonDto[];
  @ApiProperty({ type: () => [ResultTableAwardsStationDto] }) stations: ResultTableAwardsStationDto[];
}

export class ResultTableRecommendationKeyTrainingDto {
  @ApiProperty({ type: String, example: "keyTraining" }) kind: string;
  @ApiProperty({ type: String, example: "张建国" }) name: string;
  @ApiProperty({ type: String, example: "head" }) role: string;
  @ApiProperty({ type: String, example: "城东派出所(独立派驻)年度考核优秀(排名第1,总分100.0分),负责人张建国表现优秀,建议重点培养、重点推荐" }) reason: string;
  @ApiProperty({ type: String, format: 'uuid' }) staffId: string;
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
  @ApiProperty({ type: String, example: "城东派出所" }) stationName: string;
}

export class ResultTableRecommendationAppointmentReviewDto {
  @ApiProperty({ type: String, example: "appointmentReview" }) kind: string;
  @ApiProperty({ type: String, example: "水源" }) name: string;
  @ApiProperty({ type: String, example: "head" }) role: string;
  @ApiProperty({ type: String, example: "城东统计站年度考核不合格(总分54.0分,排名第15),建议上级主管部门研究该站所人事任免" }) reason: string;
  @ApiProperty({ type: String, format: 'uuid' }) staffId: string;
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
  @ApiProperty({ type: String, example: "城东统计站" }) stationName: string;
}

export class ResultTableRecommendationDto {
  @ApiProperty({ type: () => [ResultTableRecommendationKeyTrainingDto] }) keyTraining: ResultTableRecommendationKeyTrainingDto[];
  @ApiProperty({ type: String, format: 'uuid' }) departmentId: string;
  @ApiProperty({ type: String, example: "定海公安分局" }) departmentName: string;
  @ApiProperty({ type: () => [ResultTableRecommendationAppointmentReviewDto] }) appointmentReview: ResultTableRecommendationAppointmentReviewDto[];
}

export class ResultTableRowPersonDto {
  @ApiProperty({ type: String, example: "张建国" }) name: string;
  @ApiProperty({ type: String, example: "head" }) role: string;
  @ApiProperty({ type: String, example: "excellent" }) grade: string;
  @ApiProperty({ type: String, format: 'uuid' }) staffId: string;
  @ApiProperty({ type: 'integer' }) bonusYuan: number;
  @ApiProperty({ type: Boolean }) overridden: boolean;
  @ApiPropertyOptional({ type: String, example: "年内病假超过半年，按规定定为合格" }) overrideReason?: string;
}

export class ResultTableRowFlagsDto {
  @ApiProperty({ type: Boolean }) late: boolean;
  @ApiProperty({ type: Boolean }) quotaDemoted: boolean;
  @ApiProperty({ type: Boolean }) individualGradesChanged: boolean;
  @ApiProperty({ type: 'integer', description: 'departures from the suggested scores without a reason' }) unexplainedDepartures: number;
  @ApiProperty({ type: Boolean, description: 'staff on record differ from the headcount' }) staffMismatch: boolean;
}

export class ResultTableRowDto {
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
  @ApiProperty({ type: String, example: "城东派出所" }) name: string;
  @ApiProperty({ type: String, example: "independent" }) kind: string;
  @ApiProperty({ type: String, example: "独立派驻" }) kindLabel: string;
  @ApiProperty({ type: String, example: "定海公安分局" }) department: string;
  @ApiProperty({ type: String, example: "notified" }) stationState: string;
  @ApiProperty({ type: String, example: "47.5" }) daily: string;
  @ApiProperty({ type: String, example: "47.5" }) special: string;
  @ApiProperty({ type: String, example: "5.0" }) innovation: string;
  @ApiProperty({ type: String, example: "100.0" }) total: string;
  @ApiProperty({ type: 'integer' }) totalTenths: number;
  @ApiProperty({ type: 'integer' }) rank: number;
  @ApiProperty({ type: 'integer' }) position: number;
  @ApiProperty({ type: String, example: "excellent" }) grade: string;
  @ApiProperty({ type: String, example: "优秀" }) gradeLabel: string;
  @ApiProperty({ type: 'integer' }) bonusYuan: number;
  @ApiProperty({ type: () => [ResultTableRowPersonDto] }) persons: ResultTableRowPersonDto[];
  @ApiProperty({ type: () => ResultTableRowFlagsDto }) flags: ResultTableRowFlagsDto;
  @ApiProperty({ type: () => [DepartureDto] }) departures: DepartureDto[];
  @ApiProperty({ type: () => StaffMismatchDto, nullable: true }) staffMismatch: StaffMismatchDto | null;
}

export class ResultTableDto {
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, example: "released" }) state: string;
  @ApiProperty({ type: String, example: "2021-trial" }) policyVersion: string;
  @ApiProperty({ type: 'integer' }) stationCount: number;
  @ApiProperty({ type: 'integer' }) excellentQuota: number;
  @ApiProperty({ type: 'integer' }) budgetYuan: number;
  @ApiProperty({ type: String, format: 'date-time' }) computedAt: string;
  @ApiProperty({ type: () => ResultTableAwardsDto }) awards: ResultTableAwardsDto;
  @ApiProperty({ type: () => [ResultTableRecommendationDto] }) recommendations: ResultTableRecommendationDto[];
  @ApiProperty({ type: () => [ResultTableRowDto] }) rows: ResultTableRowDto[];
  @ApiProperty({ type: () => [NotAssessedStationDto], description: 'stations outside the assessment (not part of the four platforms): 不参加考核' })
  notAssessed: NotAssessedStationDto[];
}

/** The station as its printed forms name it (自评表, 测评表: 派驻机构、类型、派出部门、负责人). */
export class StationHeaderDto {
  @ApiProperty({ example: '城东派出所' }) name: string;
  @ApiProperty({ example: 'independent' }) kind: string;
  @ApiProperty({ example: '独立派驻' }) kindLabel: string;
  @ApiProperty({ example: '区公安分局' }) department: string;
  @ApiProperty({ example: '王建国', description: '负责人 (empty when not recorded)' }) head: string;
  @ApiProperty({ example: '城东街道' }) subdistrict: string;
}

export class StationYearStatusDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
  @ApiProperty({ type: () => StationHeaderDto }) station: StationHeaderDto;
  @ApiProperty({ type: 'integer' }) year: number;
  @ApiProperty({ type: String, example: "submittedLate" }) state: string;
  @ApiProperty({ type: String, example: "逾期提交" }) stateLabel: string;
  @ApiProperty({ type: [String] }) allowedEvents: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiProperty({ type: Boolean }) late: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) extendedUntil: string | null;
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty({ type: 'integer' }) returns: number;
  @ApiProperty({ type: String, example: "作风效能得分偏低，请复核", nullable: true }) lastReturnReason: string | null;
}

export class ExplanationItemDto {
  @ApiProperty({ type: String, example: "serveCentre" }) key: string;
  @ApiProperty({ type: String, example: "9.0 / 10.0" }) text: string;
  @ApiProperty({ type: String, example: "服务中心" }) label: string;
  @ApiProperty({ type: [String] }) notes: string[];
  @ApiProperty({ type: 'integer' }) tenths: number;
  @ApiProperty({ type: Boolean }) missing: boolean;
  @ApiProperty({ type: String, example: "daily" }) partKey: string;
  @ApiProperty({ type: 'integer' }) maxTenths: number;
  @ApiProperty({ type: String, example: "日常管理" }) partLabel: string;
  @ApiProperty({ type: String }) description: string;
  @ApiProperty({ type: () => ExplanationSuggestionDto, nullable: true }) suggestion: ExplanationSuggestionDto | null;
  @ApiProperty({ type: () => ExplanationDepartureDto, nullable: true }) departure: ExplanationDepartureDto | null;
}

export class ExplanationPartDto {
  @ApiProperty({ type: String, example: "daily" }) key: string;
  @ApiProperty({ type: String, example: "日常管理45.0分(满分50.0分)" }) text: string;
  @ApiProperty({ type: String, example: "日常管理" }) label: string;
  @ApiProperty({ type: 'integer' }) tenths: number;
  @ApiProperty({ type: 'integer' }) maxTenths: number;
}

export class ExplanationStaffDto {
  @ApiProperty({ type: String, example: "陈静" }) name: string;
  @ApiProperty({ type: String, example: "head" }) role: string;
  @ApiProperty({ type: String, example: "good" }) grade: string;
  @ApiProperty({ type: String, example: "个人考核等次按站所结果确定为良好,奖金2520元" }) reason: string;
  @ApiProperty({ type: String, format: 'uuid' }) staffId: string;
  @ApiProperty({ type: 'integer' }) bonusYuan: number;
  @ApiProperty({ type: String, example: "良好" }) gradeLabel: string;
}

export class RecognitionExplanationDto {
  @ApiProperty({ type: String, format: 'uuid' }) id: string;
  @ApiProperty({ type: String }) text: string;
  @ApiProperty({ type: String, example: "district" }) level: string;
  @ApiProperty({ type: String, example: "区级" }) levelLabel: string;
}

export class ExplanationInnovationDto {
  @ApiProperty({ type: String, example: "创新工作附加1.0分(上限10.0分)" }) text: string;
  @ApiProperty({ type: () => [RecognitionExplanationDto] }) capped: RecognitionExplanationDto[];
  @ApiProperty({ type: () => [RecognitionExplanationDto] }) counted: RecognitionExplanationDto[];
  @ApiProperty({ type: () => [RecognitionExplanationDto] }) refused: RecognitionExplanationDto[];
  @ApiProperty({ type: 'integer' }) capTenths: number;
  @ApiProperty({ type: 'integer' }) bonusTenths: number;
}

export class ExplanationDto {
  @ApiProperty({ type: String, example: "independent" }) kind: string;
  @ApiProperty({ type: String, example: "城东市场监督管理所" }) name: string;
  @ApiProperty({ type: 'integer' }) rank: number;
  @ApiProperty({ type: String, example: "good" }) grade: string;
  @ApiProperty({ type: () => [ExplanationItemDto] }) items: ExplanationItemDto[];
  @ApiProperty({ type: () => [ExplanationPartDto] }) parts: ExplanationPartDto[];
  @ApiProperty({ type: () => [ExplanationStaffDto] }) staff: ExplanationStaffDto[];
  @ApiProperty({ type: String, example: "91.0" }) total: string;
  @ApiProperty({ type: 'integer' }) position: number;
  @ApiProperty({ type: 'integer' }) bonusYuan: number;
  @ApiProperty({ type: String, example: "独立派驻" }) kindLabel: string;
  @ApiProperty({ type: String, format: 'uuid' }) stationId: string;
  @ApiProperty({ type: String, example: "良好" }) gradeLabel: string;
  @ApiProperty({ type: () => ExplanationInnovationDto }) innovation: ExplanationInnovationDto;
  @ApiProperty({ type: String }) gradeReason: string;
  @ApiProperty({ type: 'integer' }) totalTenths: number;
  @ApiProperty({ type: Boolean }) quotaDemoted: boolean;
  @ApiProperty({ type: 'integer' }) stationCount: number;
  @ApiProperty({ type: String, example: "2021-trial" }) policyVersion: string;
  @ApiProperty({ type: 'integer' }) excellentQuota: number;
  @ApiProperty({ type: String, example: "excellent" }) thresholdGrade: string;
  @ApiProperty({ type: () => [DepartureDto] }) departures: DepartureDto[];
  @ApiProperty({ type: () => StaffMismatchDto, nullable: true }) staffMismatch: StaffMismatchDto | null;
}

export class MonthStatusSpecialWorkOrdersDto {
  @ApiProperty({ type: Number }) onTime: number;
  @ApiProperty({ type: 'integer' }) overdue: number;
  @ApiProperty({ type: Number }) received: number;
  @ApiProperty({ type: Number }) falsified: number;
  @ApiProperty({ type: Number }) returnedForShirking: number;
}

export class MonthStatusSpecialSatisfactionDto {
  @ApiProperty({ type: Number }) surveyed: number;
  @ApiProperty({ type: Number }) satisfied: number;
}

export class MonthStatusSpecialDto {
  @ApiProperty({ type: Number }) complaints: number;
  @ApiProperty({ type: () => MonthStatusSpecialWorkOrdersDto }) workOrders: MonthStatusSpecialWorkOrdersDto;
  @ApiProperty({ type: Number }) meetingsHeld: number;
  @ApiProperty({ type: () => MonthStatusSpecialSatisfactionDto }) satisfaction: MonthStatusSpecialSatisfactionDto;
  @ApiProperty({ type: Number }) meetingsAttended: number;
}

export class MonthStatusDailyDeductionDto {
  @ApiProperty({ type: Number }) points: number;
  @ApiProperty({ type: String, example: "群众反映办事拖拉" }) reason: string;
  @ApiProperty({ type: String, example: "workStyle" }) itemKey: string;
  @ApiProperty({ type: String, example: "投诉工单 GD-0312" }) evidence: string;
}

export class MonthStatusDailyDto {
  @ApiProperty({ type: () => [MonthStatusDailyDeductionDto] }) deductions: MonthStatusDailyDeductionDto[];
}

export class MonthStatusDto {
  @ApiProperty({ type: 'integer' }) month: number;
  @ApiProperty({ type: String, format: 'date-time' }) dueAt: string;
  @ApiProperty({ type: Boolean }) recorded: boolean;
  @ApiProperty({ type: () => MonthStatusSpecialDto, nullable: true }) special: MonthStatusSpecialDto | null;
  @ApiProperty({ type: () => MonthStatusDailyDto, nullable: true }) daily: MonthStatusDailyDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) specialRecordedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dailyRecordedAt: string | null;
  @ApiProperty({ type: 'integer' }) corrections: number;
  @ApiProperty({ type: Boolean }) late: boolean;
  @ApiProperty({ type: 'integer' }) daysLate: number;
  @ApiProperty({ type: () => MonthWaiverInfoDto, nullable: true, description: 'set when a coordinator waived the month (豁免)' }) waiver: MonthWaiverInfoDto | null;
}

export class YearOpenedDto {
  @ApiProperty({ type: String, format: 'uuid' }) assessmentYearId: string;
  @ApiProperty({ type: String, example: "2021-trial" }) policyVersion: string;
  @ApiProperty({ type: 'integer' }) stations: number;
}

export class ObjectionAnsweredDto {
  @ApiProperty({ type: String, format: 'uuid' }) objectionId: string;
  @ApiProperty({ type: String, example: "upheld" }) status: string;
}

export class ApprovedDto {
  @ApiProperty({ type: String, example: "approved" }) state: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publicityUntil: string | null;
}

export class ComputedDto {
  @ApiProperty({ type: 'integer' }) stations: number;
  @ApiProperty({ type: 'integer' }) excellentQuota: number;
  @ApiProperty({ type: 'integer' }) budgetYuan: number;
}

export class YearDecisionDto {
  @ApiProperty({ type: String, example: "released" }) state: string;
  @ApiProperty({ type: 'integer' }) stations: number;
}

export class YearStateDto {
  @ApiProperty({ type: String, example: "pendingApproval" }) state: string;
}

export class WindowOpenedDto {
  @ApiProperty({ type: 'integer' }) stations: number;
  @ApiProperty({ type: String, format: 'date-time' }) deadline: string;
}

export class ExtensionGrantedDto {
  @ApiProperty({ type: String, format: 'date-time' }) extendedUntil: string;
}

export class ObjectionFiledDto {
  @ApiProperty({ type: String, format: 'uuid' }) objectionId: string;
}

export class RecognitionAddedDto {
  @ApiProperty({ type: String, format: 'uuid' }) recognitionId: string;
}

export class RecognitionDecidedDto {
  @ApiProperty({ type: String, format: 'uuid' }) recognitionId: string;
  @ApiProperty({ type: String, example: "refused" }) status: string;
}

export class FinalisedDto {
  @ApiProperty({ type: 'integer' }) totalTenths: number;
}

export class SubmittedReportDto {
  @ApiProperty({ type: String, format: 'uuid' }) fileId: string;
  @ApiProperty({ type: String }) sha256: string;
}

export class SubmittedDto {
  @ApiProperty({ type: String, format: 'date-time' }) submittedAt: string;
  @ApiProperty({ type: Boolean }) late: boolean;
  @ApiProperty({ type: () => SubmittedReportDto }) report: SubmittedReportDto;
}

export class MonthRecordedDto {
  @ApiProperty({ type: 'integer' }) month: number;
  @ApiProperty({ type: Boolean }) correction: boolean;
}

export class GradeSetDto {
  @ApiProperty({ type: String, format: 'uuid' }) staffId: string;
  @ApiProperty({ type: String, example: "qualified" }) grade: string;
}

export class ItemScoredDto {
  @ApiProperty({ type: String, example: "serveCentre" }) itemKey: string;
  @ApiProperty({ type: 'integer' }) tenths: number;
  @ApiProperty({ type: 'integer', nullable: true }) previousTenths: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'the suggested score (建议分) it was given against' }) suggestedTenths: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'why it differs from the suggestion' }) departureReason: string | null;
}

export class DraftSavedDto {
  @ApiProperty({ type: Boolean }) saved: boolean;
}

export class OpenObjectionDto {
  @ApiProperty({ format: 'uuid' }) objectionId: string;
  @ApiProperty({ format: 'uuid' }) stationId: string;
}

/** A subdistrict's year: state, the events allowed now and how many stations are in each state. */
export class YearStatusDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer', example: 2026 }) year: number;
  @ApiProperty({ example: '2021-trial' }) policyVersion: string;
  @ApiProperty({ example: 'selfAssessmentWindow' }) state: string;
  @ApiProperty({ example: '自评中' }) stateLabel: string;
  @ApiProperty({ type: [String], example: ['DEADLINE_PASSED', 'SCORING_STARTED'] }) allowedEvents: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) publicityUntil: string | null;
  @ApiProperty({ type: [OpenObjectionDto] }) openObjections: OpenObjectionDto[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { selfAssessmentOpen: 12, submitted: 3 } })
  stationsByState: Record<string, number>;
}

export class ReportFileDto {
  @ApiProperty({ format: 'uuid' }) fileId: string;
  @ApiProperty({ example: '年度工作总结.pdf' }) name: string;
  @ApiProperty({ example: 'application/pdf' }) mime: string;
  @ApiProperty({ type: 'integer' }) size: number;
  @ApiProperty() sha256: string;
}

/** The self-assessment form (自评表): scores as decimals ('9.5') and justifications per item key. */
export class SelfAssessmentFormDto {
  @ApiProperty({ enum: ['not_started', 'draft', 'submitted'] }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { serveCentre: '9.5' } }) scores: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, example: { serveCentre: '全年完成街道交办任务12项' } })
  justifications: Record<string, string>;
  @ApiProperty({ type: ReportFileDto, nullable: true }) report: ReportFileDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) savedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) submittedAt: string | null;
  @ApiPropertyOptional() late?: boolean;
}

export class ScoreItemDto {
  @ApiProperty({ example: 'serveCentre' }) key: string;
  @ApiProperty({ example: '服务中心' }) label: string;
  @ApiProperty({ type: Number, example: 10 }) max: number;
  @ApiProperty({ type: String, nullable: true, example: '9.5', description: 'the station’s self-assessed score' }) selfScore: string | null;
  @ApiProperty({ type: String, nullable: true, example: '9.0', description: 'the group’s score' }) score: string | null;
  @ApiProperty({ type: String, nullable: true }) comment: string | null;
  @ApiProperty({ type: String, nullable: true }) scoredBy: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'coordinator' }) scoredRole: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) scoredAt: string | null;
  @ApiProperty({ type: SuggestionDto, nullable: true, description: 'null when the policy has no rules for the item' }) suggested: SuggestionDto | null;
  @ApiProperty({ type: ScoreDepartureDto, nullable: true }) departure: ScoreDepartureDto | null;
}

export class ScorePartDto {
  @ApiProperty({ example: 'daily' }) key: string;
  @ApiProperty({ example: '日常管理' }) label: string;
  @ApiProperty({ type: Number, example: 50 }) max: number;
  @ApiProperty({ type: [ScoreItemDto] }) items: ScoreItemDto[];
}

export class EvidenceFileDto {
  @ApiProperty({ example: '市政府简报第15期.pdf' }) name: string;
  @ApiProperty({ example: 'application/pdf' }) mime: string;
  @ApiProperty({ type: 'integer', example: 182044 }) size: number;
}

export class RecognitionStateDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'city' }) level: string;
  @ApiProperty({ example: '“最多跑一次”改革经验被市级推广' }) title: string;
  @ApiProperty({ example: '舟山市人民政府办公室' }) issuer: string;
  @ApiProperty({ example: '2026-06-18' }) recognisedOn: string;
  @ApiProperty() evidence: string;
  @ApiProperty({ type: EvidenceFileDto, nullable: true, description: 'the file the evidence came with: GET …/recognitions/:id/evidence-file' }) evidenceFile: EvidenceFileDto | null;
  @ApiProperty({ enum: ['pending', 'verified', 'refused'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) decisionReason: string | null;
}

/** The evaluation form (测评表) of one station: self scores beside the group's, and the recognitions. */
export class ScoreSheetDto {
  @ApiProperty({ example: 'underScoring' }) state: string;
  @ApiProperty({ type: [ScorePartDto] }) parts: ScorePartDto[];
  @ApiProperty({ type: [RecognitionStateDto] }) recognitions: RecognitionStateDto[];
  @ApiProperty({ type: [Number], example: [1, 2, 3], description: 'months whose four-platform data is recorded' }) recordedMonths: number[];
}

/** One assessment year of a subdistrict, as the console's year picker lists it. */
export class YearSummaryDto {
  @ApiProperty({ type: 'integer', example: 2026 }) year: number;
  @ApiProperty({ example: 'selfAssessmentWindow' }) state: string;
  @ApiProperty({ example: '自评期' }) stateLabel: string;
  @ApiProperty({ example: '2021-trial' }) policyVersion: string;
}
