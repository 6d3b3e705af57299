/**
 * Year-end bonus (奖金挂钩), whole yuan. Regional stations: every staff member, head included, is paid by the
 * station grade (only good-or-better stations earn anything). Independent stations: each person by their own
 * grade. The subdistrict's budget is the sum over persons, so the total can never drift from the lines.
 */
import { GRADE_KEYS, type GradeKey, type Policy, type StationKind } from './policy';
import type { BudgetLine } from './year-types';

export function bonusRate(policy: Policy, grade: GradeKey): number {
  if (grade === 'excellent') return policy.bonusPerPerson.excellent;
  if (grade === 'good') return policy.bonusPerPerson.good;
  return 0;
}

export interface PersonBonus {
  staffId: string;
  grade: GradeKey;
  yuan: number;
}

/** Per-person amounts for one station; `personGrades` are each person's own grade (used for independent stations). */
export function computeStationBonus(
  policy: Policy,
  kind: StationKind,
  stationGrade: GradeKey,
  personGrades: { staffId: string; grade: GradeKey }[],
): { persons: PersonBonus[]; totalYuan: number } {
  const persons = personGrades.map((p) => {
    const grade = kind === 'regional' ? stationGrade : p.grade;
    return { staffId: p.staffId, grade, yuan: bonusRate(policy, grade) };
  });
  return { persons, totalYuan: persons.reduce((s, p) => s + p.yuan, 0) };
}

export function emptyBudget(): Record<GradeKey, BudgetLine> {
  const out = {} as Record<GradeKey, BudgetLine>;
  for (const g of GRADE_KEYS) out[g] = { persons: 0, yuan: 0 };
  return out;
}
