/**
 * The rubric and the workflow choices of one policy version, as read from config/policies/<version>.json.
 * Point values keep the file's unit (points); every `*Tenths` field is derived by parsePolicy so scoring
 * code never multiplies by 10 itself.
 */
import type { RecordMeasure } from './records';

export interface LocalizedText {
  zh: string;
  en: string;
}

export const GRADE_KEYS = ['excellent', 'good', 'qualified', 'unqualified'] as const;
export type GradeKey = (typeof GRADE_KEYS)[number];

export const INNOVATION_LEVELS = ['district', 'city', 'province', 'national'] as const;
export type InnovationLevel = (typeof INNOVATION_LEVELS)[number];

export const SCORERS = ['coordinator', 'command_room'] as const;
export type Scorer = (typeof SCORERS)[number];

export const TIE_RULES = ['shareRankThenSpecial', 'shareRankThenDaily'] as const;
export type TieRule = (typeof TIE_RULES)[number];

export const QUOTA_ROUNDINGS = ['floor', 'round', 'ceil'] as const;
export type QuotaRounding = (typeof QUOTA_ROUNDINGS)[number];

export const NON_WORKING_DAY_RULES = ['previous', 'next', 'keep'] as const;
export type NonWorkingDayRule = (typeof NON_WORKING_DAY_RULES)[number];

export const STATION_KINDS = ['independent', 'regional'] as const;
export type StationKind = (typeof STATION_KINDS)[number];

export interface RubricItem {
  key: string;
  label: LocalizedText;
  max: number;
  maxTenths: number;
  description: string;
}

export interface RubricPart {
  key: string;
  label: LocalizedText;
  max: number;
  maxTenths: number;
  scoredBy: Scorer;
  items: RubricItem[];
}

export interface InnovationLevelRule {
  label: LocalizedText;
  points: number;
  pointsTenths: number;
}

export interface InnovationRule {
  label: LocalizedText;
  cap: number;
  capTenths: number;
  levels: Record<InnovationLevel, InnovationLevelRule>;
}

export interface GradeRule {
  key: GradeKey;
  label: LocalizedText;
  /** Lowest total (points) that earns this grade; the last grade has 0. */
  min: number;
  minTenths: number;
}

export interface ExcellentQuota {
  /** Whole percent of the subdistrict's station count, 1–100. */
  percent: number;
  rounding: QuotaRounding;
  /** At least this many excellent places, even in a tiny subdistrict. */
  minimum: number;
}

export interface AwardRules {
  topStations: number;
  topPersonsPerStation: number;
  /** Lowest grade a nominated station or person may have. */
  minimumGrade: GradeKey;
  /** Heads and staff are nominated only from the nominated stations (else from every station ≥ minimumGrade). */
  personsFromTopStationsOnly: boolean;
  /** 重点培养、重点推荐: persons of these station kinds, station grade and own grade at least these. */
  keyTraining: { stationKinds: StationKind[]; stationGrade: GradeKey; personGrade: GradeKey };
  /** 人事任免建议: stations at or below stationGrade (naming the head), persons at or below personGrade. */
  appointmentReview: { stationGrade: GradeKey; personGrade: GradeKey };
}

/** One deduction rule of a suggested score (建议分); pointsEachTenths is derived (absent for recordedDeductions). */
export interface DeductionRule {
  measure: RecordMeasure;
  pointsEach?: number;
  pointsEachTenths?: number;
}

export interface SuggestionRules {
  departureNeedsReason: boolean;
  /** Item key → rules; an item not listed has no suggestion. */
  items: Record<string, DeductionRule[]>;
}

export interface Guards {
  computeNeedsEveryMonth: boolean;
  submitNeedsExplainedDepartures: boolean;
  releaseNeedsReachableRecipients: boolean;
}

export interface Schedule {
  /** 'HH:mm' local time at which reminders go out. */
  time: string;
  nonWorkingDay: NonWorkingDayRule;
  monthlyRecord: { dueDay: number; reminderDay: number; escalationDay: number };
  selfAssessment: {
    /** 'MM-DD' dates; overdueNoticeOn may fall in the next calendar year (01-01). */
    windowOpens: string;
    reminders: string[];
    deadline: string;
    overdueNoticeOn: string;
  };
}

export interface Policy {
  version: string;
  title: LocalizedText;
  /** 'YYYY-MM-DD' */
  effectiveFrom: string;
  scoreDecimals: 0 | 1;
  parts: RubricPart[];
  innovation: InnovationRule;
  /** Ordered best first: excellent, good, qualified, unqualified. */
  grades: GradeRule[];
  excellentQuota: ExcellentQuota;
  tieRule: TieRule;
  bonusPerPerson: { excellent: number; good: number };
  awards: AwardRules;
  schedule: Schedule;
  publicity: { enabled: boolean; workingDays: number };
  notices: { numberFormat: string };
  scope: { fourPlatformsOnly: boolean };
  suggestions: SuggestionRules;
  guards: Guards;
  persons: { maxGradeSteps: number };
  /** Derived: highest possible total (parts + innovation cap), in tenths. */
  maxTotalTenths: number;
}

/** Better grades first: compare with gradeRank(a) < gradeRank(b) meaning a is better. */
export function gradeRank(grade: GradeKey): number {
  return GRADE_KEYS.indexOf(grade);
}

export function isAtLeast(grade: GradeKey, floor: GradeKey): boolean {
  return gradeRank(grade) <= gradeRank(floor);
}

export function gradeLabel(policy: Policy, grade: GradeKey): string {
  return policy.grades.find((g) => g.key === grade)?.label.zh ?? grade;
}

export function findItem(policy: Policy, itemKey: string): { part: RubricPart; item: RubricItem } | undefined {
  for (const part of policy.parts) {
    const item = part.items.find((i) => i.key === itemKey);
    if (item) return { part, item };
  }
  return undefined;
}

/** The policy's own words for the grades (a policy file may relabel them; gradeLabel(policy, …) reads those). */
export const GRADE_LABELS: Record<GradeKey, string> = { excellent: '优秀', good: '良好', qualified: '合格', unqualified: '不合格' };

export const STATION_KIND_LABELS: Record<StationKind, string> = {
  independent: '独立派驻',
  regional: '按区域设置派驻',
};
