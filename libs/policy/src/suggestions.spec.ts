import fc from 'fast-check';
import { checkSpecialMonth, type MonthRecords, type SpecialMonth } from './records';
import { findDepartures, suggestItem, suggestScores } from './suggestions';
import { loadPolicy } from './testing/fixtures';

const policy = loadPolicy();

/** A clean month: nothing to deduct. */
const clean = (over: Partial<SpecialMonth> = {}): SpecialMonth => ({
  meetingsHeld: 4, meetingsAttended: 4, meetingsExcused: 0, trainingsHeld: 1, trainingsAttended: 1, trainingsExcused: 0,
  coordinationTasks: { assigned: 2, notDone: 0 },
  workOrders: { received: 20, onTime: 20, overdue: 0, returnedForShirking: 0, perfunctory: 0, falsified: 0 },
  complaints: 0, satisfaction: { surveyed: 10, satisfied: 10, unsatisfied: 0 },
  ...over,
});
const year = (...months: Partial<SpecialMonth>[]): MonthRecords[] => months.map((m, i) => ({ month: i + 1, special: clean(m) }));

describe('suggested scores by rule (hand-computed)', () => {
  it('参与“四个平台”: −1 per meeting or training missed without leave, −2 per coordination task not done', () => {
    const s = suggestItem(policy, 'platformParticipation', year(
      { meetingsHeld: 4, meetingsAttended: 2, meetingsExcused: 1 }, // 1 missed without leave
      { trainingsHeld: 2, trainingsAttended: 0, trainingsExcused: 0 }, // 2 trainings missed
      { coordinationTasks: { assigned: 3, notDone: 2 } }, // 2 tasks × 2
    ))!;
    expect(s.deductionTenths).toBe(10 + 20 + 40);
    expect(s.tenths).toBe(200 - 70);
    expect(s.lines.map((l) => [l.measure, l.count, l.deductionTenths, l.months])).toEqual([
      ['meetingsMissedWithoutLeave', 1, 10, [1]],
      ['trainingsMissedWithoutLeave', 2, 20, [2]],
      ['coordinationTasksNotDone', 2, 40, [3]],
    ]);
    expect(s.lines[2].text).toBe('协调任务未落实2次（3月），每次扣2.0分，共扣4.0分');
  });

  it('工单办理: −0.5 per overdue, −1 per 推诿扯皮 or 敷衍了事, −5 per 弄虚作假', () => {
    const wo = (o: Partial<SpecialMonth['workOrders']>) => ({ workOrders: { ...clean().workOrders, ...o } });
    const s = suggestItem(policy, 'workOrders', year(wo({ onTime: 17, overdue: 3 }), wo({ returnedForShirking: 1, perfunctory: 2 }), wo({ falsified: 1 })))!;
    expect(s.deductionTenths).toBe(15 + 10 + 20 + 50);
    expect(s.tenths).toBe(105);
  });

  it('满意度: −1 per verified complaint, −0.5 per unsatisfied return visit (default: surveyed − satisfied)', () => {
    const s = suggestItem(policy, 'satisfaction', [
      { month: 1, special: clean({ complaints: 2 }) },
      { month: 2, special: clean({ satisfaction: { surveyed: 10, satisfied: 7, unsatisfied: 1 } }) },
      { month: 3, special: { ...clean(), satisfaction: { surveyed: 10, satisfied: 8 } } },
    ])!;
    expect(s.lines.map((l) => [l.measure, l.count, l.deductionTenths])).toEqual([
      ['complaintsVerified', 2, 20],
      ['returnVisitsUnsatisfied', 3, 15],
    ]);
    expect(s.tenths).toBe(100 - 35);
  });

  it('daily items: the deductions recorded against that item, each with its reason and evidence', () => {
    const records: MonthRecords[] = [
      { month: 3, daily: { deductions: [{ itemKey: 'workStyle', points: 1.5, reason: '群众反映办事拖拉', evidence: 'GD-0312' }, { itemKey: 'teamBuilding', points: 1, reason: '未执行请销假制度', evidence: '考勤表' }] } },
      { month: 7, daily: { deductions: [{ itemKey: 'workStyle', points: 0.5, reason: '窗口脱岗', evidence: '督查通报' }] } },
    ];
    const s = suggestItem(policy, 'workStyle', records)!;
    expect(s.tenths).toBe(150 - 20);
    expect(s.lines.map((l) => l.text)).toEqual(['3月：群众反映办事拖拉（依据：GD-0312），扣1.5分', '7月：窗口脱岗（依据：督查通报），扣0.5分']);
    expect(suggestItem(policy, 'serveCentre', records)!.tenths).toBe(100);
  });

  it('floors at 0 and says so', () => {
    const s = suggestItem(policy, 'workOrders', year({ workOrders: { ...clean().workOrders, falsified: 5 } }))!;
    expect(s.deductionTenths).toBe(250);
    expect(s.tenths).toBe(0);
    expect(s.text).toContain('扣至0分为止');
  });

  it('no records, or an item without rules', () => {
    expect(suggestScores(policy, [])).toMatchObject({ workOrders: { tenths: 200, lines: [] }, serveCentre: { tenths: 100 } });
    const noRules = { ...policy, suggestions: { ...policy.suggestions, items: {} } };
    expect(suggestItem(noRules, 'workOrders', year({}))).toBeNull();
  });

  it('departures: a differing score with no reason, or a reason given against another suggestion, is unexplained', () => {
    const suggestions = suggestScores(policy, year({ workOrders: { ...clean().workOrders, onTime: 18, overdue: 2 } })); // workOrders 19
    expect(findDepartures(suggestions, { workOrders: 190, satisfaction: 100 })).toEqual([]);
    expect(findDepartures(suggestions, { workOrders: 200 }, { workOrders: { reason: '逾期系系统故障', suggestedTenths: 190 } })).toEqual([
      expect.objectContaining({ itemKey: 'workOrders', suggestedTenths: 190, scoredTenths: 200, reason: '逾期系系统故障' }),
    ]);
    expect(findDepartures(suggestions, { workOrders: 200 }, { workOrders: { reason: '旧理由', suggestedTenths: 200 } })[0].reason).toBeNull();
  });
});

describe('monthly record consistency', () => {
  it('reports every problem of a month at once', () => {
    const problems = checkSpecialMonth({
      ...clean(), meetingsHeld: 2, meetingsAttended: 2, meetingsExcused: 1, trainingsHeld: 1, trainingsAttended: 2,
      coordinationTasks: { assigned: 1, notDone: 2 },
      workOrders: { received: 5, onTime: 4, overdue: 2, returnedForShirking: 6, perfunctory: 0, falsified: 0 },
      satisfaction: { surveyed: 3, satisfied: 3, unsatisfied: 1 },
    });
    expect(problems.map((p) => p.field)).toEqual([
      'meetingsAttended', 'trainingsAttended', 'coordinationTasks.notDone', 'workOrders.onTime', 'workOrders.returnedForShirking', 'satisfaction.satisfied',
    ]);
    expect(problems[3].reason).toBe('按时办结4件加逾期2件超过受理的5件');
  });

  it('names missing and malformed counts', () => {
    expect(checkSpecialMonth({ meetingsHeld: -1, meetingsAttended: 1.5, workOrders: {}, complaints: 'x', satisfaction: { surveyed: 1, satisfied: 0 } }, 'rows[2].'))
      .toEqual(expect.arrayContaining([
        { field: 'rows[2].meetingsHeld', reason: '必须是不小于0的整数' },
        { field: 'rows[2].meetingsAttended', reason: '必须是不小于0的整数' },
        { field: 'rows[2].workOrders.received', reason: '必填' },
        { field: 'rows[2].complaints', reason: '必须是不小于0的整数' },
      ]));
  });
});

describe('suggested scores: properties', () => {
  const count = fc.integer({ min: 0, max: 8 });
  const month: fc.Arbitrary<SpecialMonth> = fc
    .record({ held: count, attended: count, excused: count, tHeld: count, tAtt: count, assigned: count, notDone: count, received: fc.integer({ min: 0, max: 60 }), overdue: count, shirked: count, perf: count, fals: fc.integer({ min: 0, max: 2 }), complaints: count, surveyed: fc.integer({ min: 0, max: 30 }), unsat: count })
    .map((r) => ({
      meetingsHeld: r.held + r.attended + r.excused, meetingsAttended: r.attended, meetingsExcused: r.excused,
      trainingsHeld: r.tHeld + r.tAtt, trainingsAttended: r.tAtt, trainingsExcused: 0,
      coordinationTasks: { assigned: r.assigned + r.notDone, notDone: r.notDone },
      workOrders: { received: r.received + r.overdue + r.shirked + r.perf + r.fals, onTime: r.received, overdue: r.overdue, returnedForShirking: r.shirked, perfunctory: r.perf, falsified: r.fals },
      complaints: r.complaints, satisfaction: { surveyed: r.surveyed + r.unsat, satisfied: r.surveyed, unsatisfied: r.unsat },
    }));
  const deduction = fc.record({
    itemKey: fc.constantFrom('serveCentre', 'performDuties', 'workStyle', 'teamBuilding'),
    points: fc.integer({ min: 1, max: 60 }).map((t) => t / 10),
    reason: fc.constant('记录'), evidence: fc.constant('依据'),
  });
  const records = fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 12 }).chain((months) =>
    fc.tuple(...months.map((m) => fc.record({ month: fc.constant(m), special: month, daily: fc.record({ deductions: fc.array(deduction, { maxLength: 3 }) }) }))),
  ) as fc.Arbitrary<MonthRecords[]>;
  const items = policy.parts.flatMap((p) => p.items);

  it('generated months are consistent (the arbitrary itself is sound)', () => {
    fc.assert(fc.property(month, (m) => checkSpecialMonth(m).length === 0));
  });

  it('never below 0 nor above the item maximum, always integer tenths', () => {
    fc.assert(fc.property(records, (rs) => {
      const s = suggestScores(policy, rs);
      return items.every((it) => Number.isInteger(s[it.key].tenths) && s[it.key].tenths >= 0 && s[it.key].tenths <= it.maxTenths);
    }));
  });

  it('more deductions never raise a score', () => {
    const bump = fc.constantFrom('overdue', 'shirked', 'perf', 'fals', 'complaints', 'unsat', 'missed', 'notDone', 'training');
    fc.assert(fc.property(records, bump, fc.integer({ min: 1, max: 5 }), deduction, (rs, what, k, extra) => {
      const before = suggestScores(policy, rs);
      const more = structuredClone(rs);
      if (!more.length) more.push({ month: 1, special: clean(), daily: { deductions: [] } });
      const m = more[0].special!;
      if (what === 'overdue') { m.workOrders.overdue += k; m.workOrders.received += k; }
      if (what === 'shirked') { m.workOrders.returnedForShirking += k; m.workOrders.received += k; }
      if (what === 'perf') { m.workOrders.perfunctory = (m.workOrders.perfunctory ?? 0) + k; m.workOrders.received += k; }
      if (what === 'fals') { m.workOrders.falsified += k; m.workOrders.received += k; }
      if (what === 'complaints') m.complaints += k;
      if (what === 'unsat') { m.satisfaction.unsatisfied = (m.satisfaction.unsatisfied ?? 0) + k; m.satisfaction.surveyed += k; }
      if (what === 'missed') m.meetingsHeld += k;
      if (what === 'training') m.trainingsHeld = (m.trainingsHeld ?? 0) + k;
      if (what === 'notDone') m.coordinationTasks = { assigned: (m.coordinationTasks?.assigned ?? 0) + k, notDone: (m.coordinationTasks?.notDone ?? 0) + k };
      (more[0].daily ??= { deductions: [] }).deductions!.push(extra);
      const after = suggestScores(policy, more);
      return checkSpecialMonth(m).length === 0 && items.every((it) => after[it.key].tenths <= before[it.key].tenths);
    }));
  });

  it('the same records give the same suggestion, in any month order', () => {
    fc.assert(fc.property(records, (rs) => {
      const a = suggestScores(policy, rs);
      const b = suggestScores(policy, structuredClone(rs).reverse());
      expect(b).toEqual(a);
      expect(suggestScores(policy, rs)).toEqual(a);
    }));
  });
});
