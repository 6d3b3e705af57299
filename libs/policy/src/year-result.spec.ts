import { parsePolicy } from './policy-schema';
import { explainStation } from './explain';
import { excellentQuota } from './ranking';
import { station, itemsFor, loadPolicy, readPolicyJson } from './testing/fixtures';
import { computeYearResult } from './year-result';
import type { StationInput } from './year-types';

const policy = loadPolicy();

function byId(result: ReturnType<typeof computeYearResult>, id: string) {
  return result.stations.find((s) => s.stationId === id)!;
}

describe('grades by threshold', () => {
  it('90.0 is 优秀 and 89.9 is 良好', () => {
    const r = computeYearResult(policy, { stations: [station(policy, 'a', 900), station(policy, 'b', 899)] });
    expect(byId(r, 'a').grade).toBe('excellent');
    expect(byId(r, 'b').grade).toBe('good');
    expect(byId(r, 'b').quotaDemoted).toBe(false);
  });

  it('80.0 good, 79.9 and 60.0 qualified, 59.9 unqualified', () => {
    const r = computeYearResult(policy, {
      stations: [station(policy, 'a', 800), station(policy, 'b', 799), station(policy, 'c', 600), station(policy, 'd', 599)],
    });
    expect(r.stations.map((s) => s.grade)).toEqual(['good', 'qualified', 'qualified', 'unqualified']);
  });
});

describe('excellent quota', () => {
  it('is floor(30% × count), at least 1', () => {
    expect([1, 3, 4, 10, 19, 20, 21].map((n) => excellentQuota(policy, n))).toEqual([1, 1, 1, 3, 5, 6, 6]);
    expect(excellentQuota(policy, 0)).toBe(0);
  });

  it('a 20-station year where 8 score ≥ 90 gets exactly 6 优秀 and 2 良好 (quota-demoted)', () => {
    const totals = [990, 975, 960, 950, 940, 930, 920, 905, 899, 880, 860, 840, 820, 800, 780, 700, 650, 600, 550, 400];
    const r = computeYearResult(policy, { stations: totals.map((t, i) => station(policy, `s${String(i).padStart(2, '0')}`, t)) });
    expect(r.excellentQuota).toBe(6);
    expect(r.stations.filter((s) => s.grade === 'excellent').map((s) => s.stationId)).toEqual(['s00', 's01', 's02', 's03', 's04', 's05']);
    const demoted = r.stations.filter((s) => s.quotaDemoted);
    expect(demoted.map((s) => [s.stationId, s.thresholdGrade, s.grade, s.rank])).toEqual([
      ['s06', 'excellent', 'good', 7],
      ['s07', 'excellent', 'good', 8],
    ]);
    expect(r.stations.filter((s) => s.grade === 'good')).toHaveLength(2 + 6);
  });
});

describe('ties', () => {
  // 10 stations → quota 3. c and d tie on 92.0 for the third place.
  function tiedYear(cSpecial: number, dSpecial: number, p = policy) {
    const stations: StationInput[] = [
      station(p, 'a', 980),
      station(p, 'b', 950),
      { ...station(p, 'c', 920), itemScores: itemsFor(p, 920 - cSpecial, cSpecial) },
      { ...station(p, 'd', 920), itemScores: itemsFor(p, 920 - dSpecial, dSpecial) },
      ...['e', 'f', 'g', 'h', 'i', 'j'].map((id, i) => station(p, id, 850 - i * 10)),
    ];
    return computeYearResult(p, { stations });
  }

  it('equal totals share a rank (1, 1, 3)', () => {
    const r = computeYearResult(policy, {
      stations: [station(policy, 'x', 900), station(policy, 'y', 900), station(policy, 'z', 850)],
    });
    expect(r.stations.map((s) => s.rank)).toEqual([1, 1, 3]);
    expect(r.stations.map((s) => s.position)).toEqual([1, 2, 3]);
  });

  it('a tie across the quota line goes to the higher special-management score', () => {
    const r = tiedYear(450, 460);
    expect(byId(r, 'c').rank).toBe(3);
    expect(byId(r, 'd').rank).toBe(3);
    expect(byId(r, 'd').grade).toBe('excellent');
    expect(byId(r, 'c')).toMatchObject({ grade: 'good', quotaDemoted: true, position: 4, tieBreak: 'special' });
  });

  it('with equal special scores too, the lower stationId wins (deterministic)', () => {
    const r = tiedYear(455, 455);
    expect(byId(r, 'c').grade).toBe('excellent');
    expect(byId(r, 'd')).toMatchObject({ grade: 'good', quotaDemoted: true, tieBreak: 'stationId' });
  });

  it('shareRankThenDaily orders by the daily score instead', () => {
    const json = readPolicyJson();
    json.tieRule = 'shareRankThenDaily';
    const r = tiedYear(450, 460, parsePolicy(json));
    // c has the lower special but the higher daily score.
    expect(byId(r, 'c').grade).toBe('excellent');
    expect(byId(r, 'd')).toMatchObject({ quotaDemoted: true, tieBreak: 'daily' });
  });
});

describe('staff grades and bonus', () => {
  const independent: StationInput = {
    ...station(policy, 'ind', 850),
    kind: 'independent',
    departmentId: 'police',
    staff: [
      { staffId: 'h', name: '张三', role: 'head' },
      { staffId: 's1', name: '李四', role: 'staff' },
      { staffId: 's2', name: '王五', role: 'staff', gradeOverride: { grade: 'qualified', reason: '全年旷工超过15天' } },
    ],
  };

  it('an independent station with one person set to 合格: that person gets 0', () => {
    const r = computeYearResult(policy, { stations: [independent] });
    const s = byId(r, 'ind');
    expect(s.grade).toBe('good');
    expect(s.staff.map((p) => [p.staffId, p.grade, p.bonusYuan])).toEqual([
      ['h', 'good', 2520],
      ['s1', 'good', 2520],
      ['s2', 'qualified', 0],
    ]);
    expect(s.staff[2]).toMatchObject({ overridden: true, overrideReason: '全年旷工超过15天' });
    expect(s.staff[2].overrideLimitedFrom).toBeUndefined();
    expect(s.bonusYuan).toBe(5040);
  });

  it('a person\'s grade moves at most policy.persons.maxGradeSteps from the station grade (default 1)', () => {
    const far = { ...independent, staff: [{ staffId: 's3', name: '赵六', role: 'staff' as const, gradeOverride: { grade: 'unqualified' as const, reason: '旷工' } }] };
    const up = { ...independent, stationId: 'ind2', staff: [{ staffId: 's4', name: '钱七', role: 'staff' as const, gradeOverride: { grade: 'excellent' as const, reason: '立功' } }] };
    const r = computeYearResult(policy, { stations: [far, up] });
    expect(byId(r, 'ind').staff[0]).toMatchObject({ grade: 'qualified', overrideLimitedFrom: 'unqualified' });
    expect(byId(r, 'ind2').staff[0]).toMatchObject({ grade: 'excellent' });
    expect(explainStation(r, 'ind').staff[0].reason).toContain('超过与站所等次相差1个等次的限制,按合格确定');
    const loose = computeYearResult({ ...policy, persons: { maxGradeSteps: 3 } }, { stations: [far] });
    expect(byId(loose, 'ind').staff[0]).toMatchObject({ grade: 'unqualified' });
  });

  it('regional staff, head included, are paid by the station grade; the budget is the sum over persons', () => {
    const regionalExcellent = { ...station(policy, 'r1', 950), staff: [1, 2, 3].map((i) => ({ staffId: `r1-${i}`, name: `甲${i}`, role: i === 1 ? 'head' : 'staff' }) as const) };
    const regionalQualified = station(policy, 'r2', 700);
    const r = computeYearResult(policy, { stations: [regionalExcellent, regionalQualified, independent] });
    expect(byId(r, 'r1').bonusYuan).toBe(3 * 3600);
    expect(byId(r, 'r2').bonusYuan).toBe(0);
    const persons = r.stations.flatMap((s) => s.staff);
    expect(r.budget.totalYuan).toBe(persons.reduce((sum, p) => sum + p.bonusYuan, 0));
    expect(r.budget.totalYuan).toBe(3 * 3600 + 2 * 2520);
    expect(r.budget.byGrade.excellent).toEqual({ persons: 3, yuan: 10800 });
    expect(r.budget.byGrade.good).toEqual({ persons: 2, yuan: 5040 });
    expect(r.budget.byGrade.qualified).toEqual({ persons: 3, yuan: 0 });
    expect(r.budget.byGrade.unqualified).toEqual({ persons: 0, yuan: 0 });
  });

  it('refuses an override without a reason, on a regional station, and duplicate ids', () => {
    const noReason = { ...independent, staff: [{ staffId: 'x', name: 'x', role: 'staff' as const, gradeOverride: { grade: 'good' as const, reason: ' ' } }] };
    expect(() => computeYearResult(policy, { stations: [noReason] })).toThrow(/needs a reason/);
    const regional = { ...noReason, kind: 'regional' as const };
    expect(() => computeYearResult(policy, { stations: [regional] })).toThrow(/is regional/);
    expect(() => computeYearResult(policy, { stations: [station(policy, 'a', 1), station(policy, 'a', 2)] })).toThrow(/appears twice/);
  });

  it('names the station when its scores are incomplete', () => {
    const s = station(policy, 'q', 900);
    delete s.itemScores.workOrders;
    expect(() => computeYearResult(policy, { stations: [s] })).toThrow('station q: items not scored: workOrders');
    expect(computeYearResult(policy, { stations: [s], allowMissingItems: true }).stations[0].score.missingItems).toEqual(['workOrders']);
  });
});

describe('awards and recommendations', () => {
  it('nominates the top 3 stations of at least 良好 and the head of each', () => {
    const r = computeYearResult(policy, {
      stations: [station(policy, 'a', 950), station(policy, 'b', 850), station(policy, 'c', 810), station(policy, 'd', 800), station(policy, 'e', 700)],
    });
    expect(r.awards.stations.map((s) => [s.stationId, s.rank, s.grade])).toEqual([
      ['a', 1, 'excellent'],
      ['b', 2, 'good'],
      ['c', 3, 'good'],
    ]);
    expect(r.awards.stations[0].reason).toBe('年度考核排名第1(总分95.0分,优秀),列入前3名,推荐参评优秀党组织、先进集体');
    expect(r.awards.persons.map((p) => [p.staffId, p.role])).toEqual([['a-h', 'head'], ['b-h', 'head'], ['c-h', 'head']]);
  });

  it('does not nominate a merely 合格 station', () => {
    const r = computeYearResult(policy, { stations: [station(policy, 'a', 850), station(policy, 'b', 700), station(policy, 'c', 650)] });
    expect(r.awards.stations.map((s) => s.stationId)).toEqual(['a']);
  });

  it('recommends key training for 优秀 independent stations and appointment review for 不合格 stations, per department', () => {
    const r = computeYearResult(policy, {
      stations: [
        { ...station(policy, 'ind', 950), kind: 'independent', departmentId: 'justice', departmentName: '区司法局' },
        { ...station(policy, 'bad', 500), departmentId: 'market', departmentName: '区市场监管局' },
        { ...station(policy, 'reg', 950), departmentId: 'justice', departmentName: '区司法局' },
      ],
    });
    const justice = r.recommendations.find((d) => d.departmentId === 'justice')!;
    // 3 stations → quota 1; ind and reg tie on 95.0 with equal special scores, so stationId puts ind first.
    expect(justice.keyTraining.map((e) => e.staffId)).toEqual(['ind-h', 'ind-s1']);
    expect(justice.keyTraining[0].reason).toContain('建议重点培养、重点推荐');
    const market = r.recommendations.find((d) => d.departmentId === 'market')!;
    expect(market.appointmentReview).toEqual([
      expect.objectContaining({ kind: 'appointmentReview', stationId: 'bad', staffId: 'bad-h', reason: expect.stringContaining('人事任免') }),
    ]);
  });

  it('follows the award rules of the policy file, not code: persons beyond the top stations, key training for other kinds, a stricter review line', () => {
    const rules = {
      ...policy,
      awards: {
        ...policy.awards, topStations: 1, personsFromTopStationsOnly: false,
        keyTraining: { stationKinds: ['regional' as const], stationGrade: 'good' as const, personGrade: 'good' as const },
        appointmentReview: { stationGrade: 'qualified' as const, personGrade: 'qualified' as const },
      },
    };
    const r = computeYearResult(rules, { stations: [station(policy, 'a', 950), station(policy, 'b', 850), station(policy, 'c', 700)] });
    expect(r.awards.stations.map((s) => s.stationId)).toEqual(['a']);
    expect(r.awards.persons.map((p) => p.staffId)).toEqual(['a-h', 'b-h']);
    const recs = r.recommendations.flatMap((d) => [...d.keyTraining, ...d.appointmentReview]);
    expect(recs.filter((e) => e.kind === 'keyTraining').map((e) => e.staffId)).toEqual(['a-h', 'a-s1', 'b-h', 'b-s1']);
    expect(recs.filter((e) => e.kind === 'appointmentReview').map((e) => e.stationId)).toEqual(['c']);
  });
});
