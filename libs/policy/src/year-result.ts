/**
 * One subdistrict's year: score every station, rank, grade (with the excellent quota), grade staff, compute
 * the bonus budget, award nominations and recommendations. Pure: same input, same result, in any order.
 */
import { computeAwards, computeRecommendations } from './awards';
import { computeStationBonus, emptyBudget } from './bonus';
import { GRADE_KEYS, gradeRank, STATION_KINDS, type GradeKey, type Policy } from './policy';
import { gradeStations, rankStations } from './ranking';
import { scoreStation, ScoreError, type StationScore } from './scoring';
import type { StaffResult, StationInput, StationResult, YearInput, YearResult } from './year-types';

function invalid(message: string): never {
  throw new ScoreError('INVALID_INPUT', message);
}

function checkStation(s: StationInput, seen: Set<string>): void {
  if (typeof s.stationId !== 'string' || s.stationId === '') invalid('every station needs a stationId');
  if (seen.has(s.stationId)) invalid(`station ${s.stationId} appears twice`);
  seen.add(s.stationId);
  if (!STATION_KINDS.includes(s.kind)) invalid(`station ${s.stationId}: kind must be independent or regional, got ${String(s.kind)}`);
  const staffIds = new Set<string>();
  for (const p of s.staff ?? []) {
    if (staffIds.has(p.staffId)) invalid(`station ${s.stationId}: staff ${p.staffId} appears twice`);
    staffIds.add(p.staffId);
    if (p.role !== 'head' && p.role !== 'staff') invalid(`station ${s.stationId}: staff ${p.staffId} role must be head or staff`);
    const o = p.gradeOverride;
    if (o) {
      // Regional stations are graded as a whole (the policy grades their staff only through the station).
      if (s.kind === 'regional') invalid(`station ${s.stationId} is regional: staff ${p.staffId} cannot have an individual grade`);
      if (!GRADE_KEYS.includes(o.grade)) invalid(`station ${s.stationId}: staff ${p.staffId} override grade ${String(o.grade)} is unknown`);
      if (typeof o.reason !== 'string' || o.reason.trim() === '') {
        invalid(`station ${s.stationId}: the grade override of staff ${p.staffId} needs a reason`);
      }
    }
  }
}

/**
 * A person's grade may be at most policy.persons.maxGradeSteps grades away from the station's grade: a grade asked
 * for further away is brought to the nearest allowed one (the explanation says so).
 */
export function withinSteps(policy: Policy, stationGrade: GradeKey, asked: GradeKey): GradeKey {
  const steps = policy.persons.maxGradeSteps;
  const from = gradeRank(stationGrade);
  const to = Math.min(from + steps, Math.max(from - steps, gradeRank(asked)));
  return GRADE_KEYS[to];
}

export function computeYearResult(policy: Policy, input: YearInput): YearResult {
  const seen = new Set<string>();
  for (const s of input.stations) checkStation(s, seen);

  const scored = input.stations.map((s) => {
    let score: StationScore;
    try {
      score = scoreStation(policy, { items: s.itemScores, recognitions: s.recognitions }, { allowMissingItems: input.allowMissingItems });
    } catch (e) {
      if (e instanceof ScoreError) throw new ScoreError(e.code, `station ${s.stationId}: ${e.message}`);
      throw e;
    }
    return { input: s, stationId: s.stationId, score, totalTenths: score.totalTenths, partTenths: score.partTenths };
  });

  const { quota, graded } = gradeStations(policy, rankStations(policy, scored));
  const budget = emptyBudget();
  let totalYuan = 0;

  const stations: StationResult[] = graded.map((g) => {
    const s = g.station.input;
    const personGrades = (s.staff ?? []).map((p) => ({
      staffId: p.staffId,
      grade: s.kind === 'independent' && p.gradeOverride ? withinSteps(policy, g.grade, p.gradeOverride.grade) : g.grade,
    }));
    const bonus = computeStationBonus(policy, s.kind, g.grade, personGrades);
    const staff: StaffResult[] = (s.staff ?? []).map((p, i) => {
      const b = bonus.persons[i];
      budget[b.grade].persons++;
      budget[b.grade].yuan += b.yuan;
      const out: StaffResult = { staffId: p.staffId, name: p.name, role: p.role, grade: b.grade, overridden: !!p.gradeOverride, bonusYuan: b.yuan };
      if (p.gradeOverride) out.overrideReason = p.gradeOverride.reason;
      if (p.gradeOverride && b.grade !== p.gradeOverride.grade && s.kind === 'independent') out.overrideLimitedFrom = p.gradeOverride.grade;
      return out;
    });
    totalYuan += bonus.totalYuan;
    // Optional fields are assigned, not spread in: conditional spreads are slow in V8 and this runs per station.
    const out: StationResult = {
      stationId: s.stationId,
      name: s.name,
      kind: s.kind,
      score: g.station.score,
      totalTenths: g.station.totalTenths,
      rank: g.rank,
      position: g.position,
      thresholdGrade: g.thresholdGrade,
      grade: g.grade,
      quotaDemoted: g.quotaDemoted,
      staff,
      bonusYuan: bonus.totalYuan,
      itemNotes: s.itemNotes ?? {},
      suggestions: s.suggestions ?? {},
      departures: s.departures ?? [],
      staffMismatch: s.headcount !== undefined && s.headcount !== (s.staff ?? []).length ? { headcount: s.headcount, onRecord: (s.staff ?? []).length } : null,
    };
    if (s.departmentId !== undefined) out.departmentId = s.departmentId;
    if (s.departmentName !== undefined) out.departmentName = s.departmentName;
    if (g.tieBreak) out.tieBreak = g.tieBreak;
    return out;
  });

  return {
    policy,
    policyVersion: policy.version,
    stationCount: stations.length,
    excellentQuota: quota,
    stations,
    budget: { totalYuan, byGrade: budget },
    awards: computeAwards(policy, stations),
    recommendations: computeRecommendations(policy, stations),
  };
}
