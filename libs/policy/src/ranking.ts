/**
 * Ranking and grading of a subdistrict's stations.
 *
 * Rank is by total; equal totals share a rank (competition ranking 1, 1, 3). The quota and award lines need a
 * strict order, so within a shared rank the policy's tie rule orders stations: shareRankThenSpecial by the
 * special-management score (higher first), shareRankThenDaily by daily management; if that is equal too, by
 * stationId ascending. That last key is arbitrary but stable, so a tie across the quota line is always decided
 * the same way whatever order the stations arrive in; the explanation says when it was used.
 */
import type { GradeKey, Policy } from './policy';
import type { TieBreak } from './year-types';

export interface Rankable {
  stationId: string;
  totalTenths: number;
  partTenths: Record<string, number>;
}

export interface Ranked<T> {
  station: T;
  rank: number;
  position: number;
  tieBreak?: TieBreak;
}

export interface Graded<T> extends Ranked<T> {
  thresholdGrade: GradeKey;
  grade: GradeKey;
  quotaDemoted: boolean;
}

export function tiePartKey(policy: Policy): 'special' | 'daily' {
  return policy.tieRule === 'shareRankThenDaily' ? 'daily' : 'special';
}

/** Excellent places for a subdistrict: percent × count with the policy's rounding, at least `minimum`, at most count. */
export function excellentQuota(policy: Policy, stationCount: number): number {
  const { percent, rounding, minimum } = policy.excellentQuota;
  const scaled = percent * stationCount; // whole numbers, so integer division is exact
  const byRule =
    rounding === 'floor' ? Math.floor(scaled / 100) : rounding === 'ceil' ? Math.ceil(scaled / 100) : Math.floor((scaled + 50) / 100);
  return Math.min(stationCount, Math.max(minimum, byRule));
}

export function gradeByThreshold(policy: Policy, totalTenths: number): GradeKey {
  for (const g of policy.grades) if (totalTenths >= g.minTenths) return g.key;
  return 'unqualified';
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function rankStations<T extends Rankable>(policy: Policy, stations: readonly T[]): Ranked<T>[] {
  const part = tiePartKey(policy);
  const sorted = [...stations].sort(
    (a, b) =>
      b.totalTenths - a.totalTenths ||
      (b.partTenths[part] ?? 0) - (a.partTenths[part] ?? 0) ||
      compareIds(a.stationId, b.stationId),
  );
  const out: Ranked<T>[] = [];
  sorted.forEach((station, i) => {
    const prev = out[i - 1];
    if (prev && prev.station.totalTenths === station.totalTenths) {
      const samePart = (prev.station.partTenths[part] ?? 0) === (station.partTenths[part] ?? 0);
      out.push({ station, rank: prev.rank, position: i + 1, tieBreak: samePart ? 'stationId' : part });
    } else {
      out.push({ station, rank: i + 1, position: i + 1 });
    }
  });
  return out;
}

/**
 * Threshold grades, then the excellent quota: walking in tie-rule order, stations past the quota that reached
 * the excellent threshold fall to good and are flagged quotaDemoted.
 */
export function gradeStations<T extends Rankable>(policy: Policy, ranked: Ranked<T>[]): { quota: number; graded: Graded<T>[] } {
  const quota = excellentQuota(policy, ranked.length);
  let excellentSoFar = 0;
  const graded = ranked.map((r) => {
    const thresholdGrade = gradeByThreshold(policy, r.station.totalTenths);
    let grade = thresholdGrade;
    let quotaDemoted = false;
    if (thresholdGrade === 'excellent') {
      if (excellentSoFar < quota) excellentSoFar++;
      else {
        grade = 'good';
        quotaDemoted = true;
      }
    }
    // Explicit fields, not a spread: this runs for every station of every subdistrict.
    const out: Graded<T> = { station: r.station, rank: r.rank, position: r.position, thresholdGrade, grade, quotaDemoted };
    if (r.tieBreak) out.tieBreak = r.tieBreak;
    return out;
  });
  return { quota, graded };
}
