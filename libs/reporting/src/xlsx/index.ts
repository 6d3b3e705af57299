// Pure XLSX builders (exceljs) for the assessment's Chinese forms and lists. Each takes plain data and returns
// the .xlsx file as a Buffer. Scores in: integer tenths; money in: whole yuan.
export { buildSelfAssessmentForm, SELF_ASSESSMENT_SHEET_NAME, type SelfAssessmentFormInput } from './self-assessment-form';
export { buildEvaluationForm, EVALUATION_SHEET_NAME, type EvaluationFormInput } from './evaluation-form';
export { buildResultTable, resultRemarks, RESULT_TABLE_SHEET_NAME, type ResultTableInput, type ResultRow, type ResultFlags } from './result-table';
export {
  buildBonusBudget,
  BONUS_BY_STATION_SHEET_NAME,
  BONUS_BY_PERSON_SHEET_NAME,
  type BonusBudgetInput,
  type BonusStation,
  type BonusPerson,
} from './bonus-budget';
export {
  buildAwardsAndPromotion,
  NOMINATIONS_SHEET_NAME,
  RECOMMENDATIONS_SHEET_NAME,
  type AwardsAndPromotionInput,
  type AwardNomination,
  type PromotionRecommendation,
} from './awards-and-promotion';
export { buildLateBoard, LATE_BOARD_SHEET_NAME, type LateBoardInput, type LateBoardRow } from './late-board';
export { buildNotSubmittedList, NOT_SUBMITTED_SHEET_NAME, type NotSubmittedListInput, type NotSubmittedRow } from './not-submitted-list';
export {
  INNOVATION_SCORE_KEY,
  type RubricForExport,
  type RubricPartForExport,
  type RubricItemForExport,
  type LocalisedText,
  type ScoresByItem,
  type TextByItem,
} from './rubric-for-export';
export type { StationForExport } from './station-info';
export type { ExportOptions, ProgressCallback } from './progress';
export type { SummaryFigure } from './sheet-style';
export { gradeLabel, stationKindLabel, type GradeKey, type GradeLabel, type StationKindKey, type StationKindLabel } from './labels';
export { buildDashboardFigures, type DashboardFigures } from './dashboard-figures';
