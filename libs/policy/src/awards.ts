/**
 * Award nominations (评优挂钩) and recommendations to superior departments (晋升挂钩).
 *
 * Choices (policy.awards): the top `topStations` stations in tie-rule order whose grade is at least
 * `minimumGrade` (default 良好: a merely 合格 station should not be put up as 先进集体 even in a small
 * subdistrict). Ties at the award line are decided like the quota line. For each nominated station, up to
 * `topPersonsPerStation` persons whose own grade is at least `minimumGrade`: the head first, then better
 * grades, then staffId, since the policy keeps no individual scores.
 */
import { gradeLabel, isAtLeast, gradeRank, type GradeKey, type Policy } from './policy';
import { formatTenths } from './tenths';
import type {
  DepartmentRecommendations,
  PersonNomination,
  RecommendationEntry,
  StationNomination,
  StationResult,
} from './year-types';

export function computeAwards(
  policy: Policy,
  ordered: StationResult[],
): { stations: StationNomination[]; persons: PersonNomination[] } {
  const { topStations, topPersonsPerStation, minimumGrade, personsFromTopStationsOnly } = policy.awards;
  const stations: StationNomination[] = [];
  const persons: PersonNomination[] = [];
  for (const s of ordered) {
    if (!isAtLeast(s.grade, minimumGrade)) break; // order is by total, so nobody later qualifies either
    const nominated = stations.length < topStations;
    if (!nominated && personsFromTopStationsOnly) break;
    const g = gradeLabel(policy, s.grade);
    if (nominated) stations.push({
      stationId: s.stationId,
      name: s.name,
      rank: s.rank,
      grade: s.grade,
      reason: `年度考核排名第${s.rank}(总分${formatTenths(s.totalTenths)}分,${g}),列入前${topStations}名,推荐参评优秀党组织、先进集体`,
    });
    const candidates = s.staff
      .filter((p) => isAtLeast(p.grade, minimumGrade))
      .sort(
        (a, b) =>
          (a.role === 'head' ? 0 : 1) - (b.role === 'head' ? 0 : 1) ||
          gradeRank(a.grade) - gradeRank(b.grade) ||
          (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : 0),
      )
      .slice(0, topPersonsPerStation);
    for (const p of candidates) {
      persons.push({
        stationId: s.stationId,
        stationName: s.name,
        staffId: p.staffId,
        name: p.name,
        role: p.role,
        grade: p.grade,
        reason: `${s.name}年度考核排名第${s.rank},本人考核等次${gradeLabel(policy, p.grade)},作为${p.role === 'head' ? '站所负责人' : '站所工作人员'}推荐参评先进个人`,
      });
    }
  }
  return { stations, persons };
}

/**
 * Per superior department, by policy.awards.keyTraining and .appointmentReview (defaults: 重点培养、重点推荐 for
 * the head and staff of 优秀 independent stations whose own grade is still 优秀; 人事任免建议 for 不合格 stations,
 * plus for individuals of independent stations graded 不合格 by adjustment).
 */
export function computeRecommendations(policy: Policy, ordered: StationResult[]): DepartmentRecommendations[] {
  const byDept = new Map<string, DepartmentRecommendations>();
  const dept = (s: StationResult) => {
    const id = s.departmentId ?? '';
    let d = byDept.get(id);
    if (!d) {
      d = { departmentId: id, departmentName: s.departmentName ?? (id || '(未登记派出部门)'), keyTraining: [], appointmentReview: [] };
      byDept.set(id, d);
    }
    return d;
  };
  const total = (s: StationResult) => `总分${formatTenths(s.totalTenths)}分`;
  const { keyTraining, appointmentReview } = policy.awards;
  const atOrBelow = (g: GradeKey, line: GradeKey) => gradeRank(g) >= gradeRank(line);
  for (const s of ordered) {
    const kind = s.kind === 'independent' ? '独立派驻' : '按区域设置派驻';
    if (keyTraining.stationKinds.includes(s.kind) && isAtLeast(s.grade, keyTraining.stationGrade)) {
      for (const p of s.staff.filter((x) => isAtLeast(x.grade, keyTraining.personGrade))) {
        dept(s).keyTraining.push(entry('keyTraining', s, p, `${s.name}(${kind})年度考核${gradeLabel(policy, s.grade)}(排名第${s.rank},${total(s)}),${p.role === 'head' ? '负责人' : '工作人员'}${p.name}考核等次${gradeLabel(policy, p.grade)},建议重点培养、重点推荐`));
      }
    }
    if (atOrBelow(s.grade, appointmentReview.stationGrade)) {
      const head = s.staff.find((p) => p.role === 'head');
      const e: RecommendationEntry = {
        kind: 'appointmentReview',
        stationId: s.stationId,
        stationName: s.name,
        ...(head ? { staffId: head.staffId, name: head.name, role: head.role } : {}),
        reason: `${s.name}年度考核${gradeLabel(policy, s.grade)}(${total(s)},排名第${s.rank}),建议上级主管部门研究该站所人事任免`,
      };
      dept(s).appointmentReview.push(e);
    } else if (s.kind === 'independent') {
      for (const p of s.staff.filter((x) => atOrBelow(x.grade, appointmentReview.personGrade))) {
        dept(s).appointmentReview.push(entry('appointmentReview', s, p, `${p.name}个人考核等次经调整为${gradeLabel(policy, p.grade)}(${p.overrideReason ?? ''}),建议上级主管部门研究其任免`));
      }
    }
  }
  return [...byDept.values()].sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0));
}

function entry(
  kind: RecommendationEntry['kind'],
  s: StationResult,
  p: { staffId: string; name: string; role: 'head' | 'staff' },
  reason: string,
): RecommendationEntry {
  return { kind, stationId: s.stationId, stationName: s.name, staffId: p.staffId, name: p.name, role: p.role, reason };
}
