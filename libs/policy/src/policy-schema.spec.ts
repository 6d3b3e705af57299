import * as fs from 'node:fs';
import * as path from 'node:path';
import { POLICY_JSON_SCHEMA } from './policy-json-schema';
import { parsePolicy, PolicyValidationError, type PolicyProblem } from './policy-schema';
import { POLICIES_DIR, readPolicyJson } from './testing/fixtures';

function problemsOf(mutate: (j: any) => void): PolicyProblem[] {
  const json = readPolicyJson();
  mutate(json);
  try {
    parsePolicy(json);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyValidationError);
    return (e as PolicyValidationError).problems;
  }
  throw new Error('expected a PolicyValidationError');
}

describe('parsePolicy', () => {
  it('accepts config/policies/2021-trial.json and derives tenths', () => {
    const p = parsePolicy(readPolicyJson());
    expect(p.version).toBe('2021-trial');
    expect(p.parts.map((x) => [x.key, x.maxTenths, x.scoredBy])).toEqual([
      ['daily', 500, 'coordinator'],
      ['special', 500, 'command_room'],
    ]);
    expect(p.parts[1].items.map((i) => [i.key, i.label.zh, i.maxTenths])).toEqual([
      ['platformParticipation', '参与“四个平台”', 200],
      ['workOrders', '工单办理', 200],
      ['satisfaction', '满意度测评', 100],
    ]);
    expect(p.innovation.capTenths).toBe(100);
    expect(p.innovation.levels.national.pointsTenths).toBe(50);
    expect(p.grades.map((g) => [g.key, g.minTenths])).toEqual([
      ['excellent', 900],
      ['good', 800],
      ['qualified', 600],
      ['unqualified', 0],
    ]);
    expect(p.maxTotalTenths).toBe(1100);
    expect(p.schedule.selfAssessment.reminders).toEqual(['12-15', '12-24', '12-29', '12-31']);
  });

  it('names the path of a bad item maximum', () => {
    const problems = problemsOf((j) => (j.parts[1].items[0].max = -20));
    expect(problems).toContainEqual({ path: 'parts[1].items[0].max', problem: 'must be positive' });
  });

  it('refuses items that do not add up to the part maximum', () => {
    const problems = problemsOf((j) => (j.parts[0].items[2].max = 14));
    expect(problems).toEqual([{ path: 'parts[0].max', problem: 'items add up to 49, not 50' }]);
  });

  it('refuses unknown keys, also nested ones', () => {
    const problems = problemsOf((j) => {
      j.excelentQuota = {};
      j.parts[0].items[1].weight = 2;
    });
    expect(problems.map((p) => p.path)).toEqual(['excelentQuota', 'parts[0].items[1].weight']);
    expect(problems[0].problem).toBe('is not a known key');
  });

  it('reports missing keys', () => {
    const problems = problemsOf((j) => delete j.schedule.selfAssessment.deadline);
    expect(problems).toContainEqual({ path: 'schedule.selfAssessment.deadline', problem: 'is required' });
  });

  it('requires descending thresholds and the fixed grade order', () => {
    expect(problemsOf((j) => (j.grades[1].min = 90)).map((p) => p.path)).toEqual(['grades[1].min']);
    expect(problemsOf((j) => ([j.grades[0], j.grades[1]] = [j.grades[1], j.grades[0]])).map((p) => p.path)).toEqual(
      expect.arrayContaining(['grades[0].key', 'grades[1].key']),
    );
  });

  it('checks percentages, enums, times and dates', () => {
    const problems = problemsOf((j) => {
      j.excellentQuota.percent = 130;
      j.excellentQuota.rounding = 'bankers';
      j.tieRule = 'coinFlip';
      j.schedule.time = '9:00';
      j.schedule.selfAssessment.reminders[1] = '12-32';
      j.schedule.selfAssessment.overdueNoticeOn = '12-30';
      j.schedule.monthlyRecord.escalationDay = 4;
      j.effectiveFrom = '2021-02-30';
      j.notices.numberFormat = '{abbr}考〔{yr}〕';
      j.publicity.enabled = 'no';
      j.scoreDecimals = 2;
    });
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'excellentQuota.percent',
        'excellentQuota.rounding',
        'tieRule',
        'schedule.time',
        'schedule.selfAssessment.reminders[1]',
        'schedule.selfAssessment.overdueNoticeOn',
        'schedule.monthlyRecord.escalationDay',
        'effectiveFrom',
        'notices.numberFormat',
        'publicity.enabled',
        'scoreDecimals',
      ]),
    );
    expect(problems.find((p) => p.path === 'excellentQuota.percent')!.problem).toMatch(/between 1 and 100/);
  });

  it('accepts a self-assessment cycle that wraps over New Year, refuses unordered reminders', () => {
    expect(problemsOf((j) => (j.schedule.selfAssessment.reminders = ['12-24', '12-15'])).map((p) => p.path)).toEqual([
      'schedule.selfAssessment.reminders[1]',
    ]);
  });

  it('puts every problem into the message', () => {
    const json = readPolicyJson();
    json.innovation.cap = 0;
    expect(() => parsePolicy(json, 'x.json')).toThrow('invalid policy in x.json: innovation.cap: must be positive');
    expect(() => parsePolicy([])).toThrow(/must be an object/);
  });

  it('publishes its JSON Schema beside the policies, and the shipped policy points its editor to it', () => {
    const published = JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, 'policy.schema.json'), 'utf8'));
    // out of date? run `npm run policy:schema`
    expect(published).toEqual(JSON.parse(JSON.stringify(POLICY_JSON_SCHEMA)));
    expect(readPolicyJson().$schema).toBe('./policy.schema.json');
  });

  it('reads the suggestion rules, scope, guards and person rules, with points in tenths', () => {
    const p = parsePolicy(readPolicyJson());
    expect(p.suggestions.items.workOrders).toEqual([
      { measure: 'workOrdersOverdue', pointsEach: 0.5, pointsEachTenths: 5 },
      { measure: 'workOrdersShirked', pointsEach: 1, pointsEachTenths: 10 },
      { measure: 'workOrdersPerfunctory', pointsEach: 1, pointsEachTenths: 10 },
      { measure: 'workOrdersFalsified', pointsEach: 5, pointsEachTenths: 50 },
    ]);
    expect(p.suggestions.items.workStyle).toEqual([{ measure: 'recordedDeductions' }]);
    expect(p.scope).toEqual({ fourPlatformsOnly: true });
    expect(p.guards).toEqual({ computeNeedsEveryMonth: true, submitNeedsExplainedDepartures: true, releaseNeedsReachableRecipients: true });
    expect(p.persons).toEqual({ maxGradeSteps: 1 });
    expect(p).not.toHaveProperty('$schema');
  });

  it('checks the suggestion rules: known items and measures, points each where counted', () => {
    const problems = problemsOf((j) => {
      j.suggestions.items.workOrders[0].pointsEach = 0.25;
      j.suggestions.items.workOrders[1].measure = 'lateness';
      delete j.suggestions.items.satisfaction[0].pointsEach;
      j.suggestions.items.workStyle[0].pointsEach = 1;
      j.suggestions.items.bogusItem = [];
    });
    expect(problems.map((p) => p.path).sort()).toEqual([
      'suggestions.items.bogusItem',
      'suggestions.items.satisfaction[0].pointsEach',
      'suggestions.items.workOrders[0].pointsEach',
      'suggestions.items.workOrders[1].measure',
      'suggestions.items.workStyle[0].pointsEach',
    ]);
  });

  it('reports schema and cross-field problems of one file together', () => {
    const problems = problemsOf((j) => {
      j.guards.computeNeedsEveryMonth = 'yes';
      j.parts[0].items[0].max = 9;
    });
    expect(problems).toEqual(expect.arrayContaining([
      { path: 'guards.computeNeedsEveryMonth', problem: 'must be true or false' },
      { path: 'parts[0].max', problem: 'items add up to 49, not 50' },
    ]));
  });
});

