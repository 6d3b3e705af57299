/** Input and result shapes of one subdistrict's assessment year. */
import type { GradeKey, Policy, StationKind } from './policy';
import type { Recognition, StationScore } from './scoring';
import type { Departure, ItemSuggestion } from './suggestions';

export type StaffRole = 'head' | 'staff';

export interface StaffInput {
  staffId: string;
  name: string;
  role: StaffRole;
  /** Individual adjustment (independent stations only); a reason is required. */
  gradeOverride?: { grade: GradeKey; reason: string };
}

export interface StationInput {
  stationId: string;
  name: string;
  kind: StationKind;
  /** The dispatching (superior) department that receives recommendations. */
  departmentId?: string;
  departmentName?: string;
  /** Item key → tenths. */
  itemScores: Record<string, number>;
  recognitions: Recognition[];
  staff: StaffInput[];
  /** Item key → the records/comments behind the score, shown in the explanation. */
  itemNotes?: Record<string, string[]>;
  /** Suggested scores (建议分) from the year's records, by item key. */
  suggestions?: Record<string, ItemSuggestion>;
  /** Scores that differ from their suggestion, with the reason when one was given. */
  departures?: Departure[];
  /** 编制人数: compared with the staff on record (flagged when they differ). */
  headcount?: number;
}

export interface YearInput {
  stations: StationInput[];
  /** Missing items score 0 instead of failing (provisional tables only). */
  allowMissingItems?: boolean;
}

/** How a station was ordered after the previous one with the same total. */
export type TieBreak = 'special' | 'daily' | 'stationId';

export interface StaffResult {
  staffId: string;
  name: string;
  role: StaffRole;
  grade: GradeKey;
  overridden: boolean;
  overrideReason?: string;
  /** The grade asked for, when it was further from the station's grade than policy.persons.maxGradeSteps allows. */
  overrideLimitedFrom?: GradeKey;
  bonusYuan: number;
}

export interface StationResult {
  stationId: string;
  name: string;
  kind: StationKind;
  departmentId?: string;
  departmentName?: string;
  score: StationScore;
  totalTenths: number;
  /** Competition rank by total: equal totals share a rank (1, 1, 3). */
  rank: number;
  /** 1-based place in the tie-rule order, used for the quota and award lines. */
  position: number;
  /** Set when the previous station in order had the same total. */
  tieBreak?: TieBreak;
  /** Grade by thresholds alone. */
  thresholdGrade: GradeKey;
  grade: GradeKey;
  /** ≥ excellent threshold but beyond the excellent quota, so graded good. */
  quotaDemoted: boolean;
  staff: StaffResult[];
  bonusYuan: number;
  itemNotes: Record<string, string[]>;
  suggestions: Record<string, ItemSuggestion>;
  departures: Departure[];
  /** Staff on record differ from the headcount (编制人数): the result table and the bonus budget flag it. */
  staffMismatch: { headcount: number; onRecord: number } | null;
}

export interface StationNomination {
  stationId: string;
  name: string;
  rank: number;
  grade: GradeKey;
  reason: string;
}

export interface PersonNomination {
  stationId: string;
  stationName: string;
  staffId: string;
  name: string;
  role: StaffRole;
  grade: GradeKey;
  reason: string;
}

export interface RecommendationEntry {
  kind: 'keyTraining' | 'appointmentReview';
  stationId: string;
  stationName: string;
  staffId?: string;
  name?: string;
  role?: StaffRole;
  reason: string;
}

export interface DepartmentRecommendations {
  /** '' when a station has no department recorded. */
  departmentId: string;
  departmentName: string;
  /** 重点培养、重点推荐 */
  keyTraining: RecommendationEntry[];
  /** 人事任免建议 */
  appointmentReview: RecommendationEntry[];
}

export interface BudgetLine {
  persons: number;
  yuan: number;
}

export interface YearResult {
  policy: Policy;
  policyVersion: string;
  stationCount: number;
  excellentQuota: number;
  /** In tie-rule order (position 1 first). */
  stations: StationResult[];
  budget: { totalYuan: number; byGrade: Record<GradeKey, BudgetLine> };
  awards: { stations: StationNomination[]; persons: PersonNomination[] };
  recommendations: DepartmentRecommendations[];
}
