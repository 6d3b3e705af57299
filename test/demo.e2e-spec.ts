/**
 * The newcomer's demo in its quick form, on the test database: it completes, and the table it prints is what the
 * policy engine computes from the same scores, recognitions and individual grades; those scores are the suggested
 * scores (建议分) of the monthly records the demo keeps, and the station outside the four platforms is left out.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '@app/config';
import { computeYearResult, formatTenths, gradeLabel, loadPolicyRegistry, parseTenths, StationInput, suggestScores } from '@app/policy';
import { createTestDatabase, TestDatabase, testRedisUrl } from '@app/testing';
import { printResult, runDemo } from '../apps/cli/src/demo/demo';
import {
  ASSESSED_STATIONS, DAILY_ITEMS, DEMO_STATIONS, demoDeductions, demoMonth, recordedMonths, SPECIAL_ITEMS,
} from '../apps/cli/src/demo/demo-data';

jest.setTimeout(180_000);
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

it('runs the sample year and prints the result the policy engine computes', async () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-demo-'));
  const redisUrl = testRedisUrl();
  const config = loadConfig({
    DATABASE_URL: db.url, ...(redisUrl ? { REDIS_URL: redisUrl } : {}), QUEUE_PREFIX: 'demo' + randomBytes(3).toString('hex'), LOG_LEVEL: 'error', SWEEP_SCHEDULER: 'off',
  });
  const lines: string[] = [];
  const result = await runDemo(config, { outDir, quick: true, out: (l) => lines.push(l) });
  printResult(result, (l) => lines.push(l));
  const printed = lines.join('\n');

  const policy = loadPolicyRegistry(path.resolve(__dirname, '../config/policies')).get('2021-trial');
  const items = [...DAILY_ITEMS, ...SPECIAL_ITEMS];
  // the scores of the table are the suggestions of the records the quick demo keeps (autumn months; the rest waived)
  for (const s of ASSESSED_STATIONS) {
    const daily = new Map(demoDeductions(s, true).map((d) => [d.month, { deductions: d.deductions.map((x) => ({ ...x, points: Number(x.points) })) }]));
    const records = recordedMonths(s, true).map((month) => ({ month, special: demoMonth(s, month, true), daily: daily.get(month) ?? null }));
    const suggestions = suggestScores(policy, records);
    expect([s.name, items.map((k) => suggestions[k].tenths)]).toEqual([s.name, s.scores.map((x) => parseTenths(x))]);
  }
  const input: StationInput[] = ASSESSED_STATIONS.map((s, i) => ({
    stationId: String(i).padStart(2, '0'),
    name: s.name,
    kind: s.kind,
    // the suggestions, but where the command room departed from one (with its reason)
    itemScores: Object.fromEntries(items.map((k, j) => [k, parseTenths(s.departure?.item === k ? s.departure.score : s.scores[j])])),
    recognitions: (s.recognitions ?? []).map((level, j) => ({ id: `${i}-${j}`, level, verified: true })),
    staff: s.staff.map((name, j) => ({
      staffId: `${i}-${j}`, name, role: j === 0 ? 'head' : 'staff',
      ...(i === 0 && j === 3 ? { gradeOverride: { grade: 'good' as const, reason: '病假' } } : {}),
    })),
  }));
  const expected = computeYearResult(policy, { stations: input });

  // stations with equal totals and equal special scores are ordered by id, which differs between the two runs
  const byRankThenName = (a: unknown[], b: unknown[]) => (a[0] as number) - (b[0] as number) || String(a[1]).localeCompare(String(b[1]));
  expect(result.rows.map((r) => [r.rank, r.name, r.total, r.grade, r.bonusYuan]).sort(byRankThenName)).toEqual(
    expected.stations.map((s) => [s.rank, s.name, formatTenths(s.totalTenths), s.grade, s.bonusYuan]).sort(byRankThenName),
  );
  expect(result.budgetYuan).toBe(expected.budget.totalYuan);
  for (const s of expected.stations) {
    expect(printed).toMatch(new RegExp(`${s.rank}\\s+${s.name}\\s+${formatTenths(s.totalTenths)}\\s+${gradeLabel(policy, s.grade)}`));
  }
  expect(printed).toContain(expected.budget.totalYuan.toLocaleString('en-US'));
  expect(result.notices.resultNotices).toBe(ASSESSED_STATIONS.length * 3);
  const outside = DEMO_STATIONS.filter((s) => s.fourPlatforms === false).map((s) => s.name);
  expect(outside).toHaveLength(1);
  expect(result.notAssessed).toEqual(outside);
  expect(result.rows.map((r) => r.name)).not.toContain(outside[0]);
  expect(printed).toMatch(new RegExp(`${outside[0]}\\s+不参加考核`));
  expect(printed).toContain('发布被拒');
  expect(result.reminders).toBeGreaterThan(0);
  for (const f of result.files) expect(fs.statSync(f).size).toBeGreaterThan(1000);
});
