/**
 * A whole assessment year over HTTP with the real worker: 5 stations (independent and regional), monthly records
 * with one month missing, recognitions, self-assessments (one late with an extension, one never submitted and
 * scored from records), scoring, results, one station returned with a reason, re-approval and release. The final
 * table, grades and bonus budget are checked against values computed by hand.
 */
import { CommandBus } from '@nestjs/cqrs';
import { PassDeadlineCommand, rebuildProjections, PROJECTION_TABLES } from '@app/assessment';
import { SYSTEM_ACTOR } from '@app/platform';
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;

// hand-set scores (points) per station: daily items, special items
const SCORES: Record<string, { daily: string[]; special: string[] }> = {
  城东派出所: { daily: ['9.5', '9', '14', '14'], special: ['19', '18.5', '9'] }, // 46.5 + 46.5 = 93.0
  城东市场监督管理所: { daily: ['9', '9', '13', '14'], special: ['18', '18', '9'] }, // 45 + 45 = 90.0
  城东司法所: { daily: ['8', '8', '12', '12'], special: ['16', '16', '8'] }, // 40 + 40 = 80.0
  城东自然资源所: { daily: ['6', '6', '9', '9'], special: ['12', '12', '6'] }, // 30 + 30 = 60.0
  城东执法中队: { daily: ['5', '5', '8', '8'], special: ['10', '10', '5'] }, // 26 + 25 = 51.0
};
const DAILY = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding'];
const SPECIAL = ['platformParticipation', 'workOrders', 'satisfaction'];

const base = () => `/subdistricts/${s.id}/years/${YEAR}`;
const st = (name: string) => s.stations.find((x) => x.name === name)!;
const stationUrl = (name: string) => `${base()}/stations/${st(name).id}`;

const monthData = { meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 20, onTime: 19, overdue: 1, returnedForShirking: 0, falsified: 0 }, complaints: 0, satisfaction: { surveyed: 30, satisfied: 29 } };

function selfAssessment(name: string) {
  const sc = SCORES[name];
  const scores = Object.fromEntries([...DAILY.map((k, i) => [k, sc.daily[i]]), ...SPECIAL.map((k, i) => [k, sc.special[i]])]);
  const justifications = Object.fromEntries(Object.keys(scores).map((k) => [k, `${k} 年度工作情况说明`]));
  return { scores: JSON.stringify(scores), justifications: JSON.stringify(justifications) };
}

function submit(name: string, key?: string) {
  const sa = selfAssessment(name);
  const req = t.http.post(`${stationUrl(name)}/self-assessment/submit`).set(t.as(st(name).user))
    .field('scores', sa.scores).field('justifications', sa.justifications)
    .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' });
  return key ? req.set('Idempotency-Key', key) : req;
}

async function scoreAll(name: string) {
  const sc = SCORES[name];
  for (const [i, k] of SPECIAL.entries()) {
    await t.http.put(`${stationUrl(name)}/scores/special/${k}`).set(t.as(s.users.command_room)).send({ score: sc.special[i], comment: '依据四个平台数据', reason: '测试分值，不依据平时记录' }).expect(200);
  }
  for (const [i, k] of DAILY.entries()) {
    await t.http.put(`${stationUrl(name)}/scores/daily/${k}`).set(t.as(s.users.coordinator)).send({ score: sc.daily[i], reason: '测试分值，不依据平时记录' }).expect(200);
  }
  await t.http.post(`${stationUrl(name)}/scores/finalise`).set(t.as(s.users.coordinator)).expect(200);
}

async function dumpProjections() {
  const out: Record<string, unknown[]> = {};
  for (const table of PROJECTION_TABLES) out[table] = await t.db.dataSource.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
  // the board summary's assessment columns (its notice columns follow the worker's release notices, asynchronously)
  out.board_summaries = await t.db.dataSource.query(`SELECT station_id, year, sa_status, months_mask, m1_ms, m2_ms, m3_ms, m4_ms, m5_ms, m6_ms, m7_ms, m8_ms, m9_ms, m10_ms,
    m11_ms, m12_ms, items_scored, scored_roles,
    last_scored_at FROM board_summaries ORDER BY 1, 2`);
  return JSON.parse(JSON.stringify(out));
}

beforeAll(async () => {
  t = await createTestApp();
  s = await seedSubdistrict(t.db.dataSource, {
    reachableDepartments: true,
    stations: [
      { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明', '王芳'] },
      { name: '城东市场监督管理所', kind: 'independent', department: '区市场监督管理局', staff: ['陈静', '刘洋'] },
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏', '孙磊'] },
      { name: '城东自然资源所', kind: 'regional', department: '区自然资源和规划分局', staff: ['周涛', '吴霞'] },
      { name: '城东执法中队', kind: 'regional', department: '区综合行政执法局', staff: ['郑强', '冯丽', '褚军'] },
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

describe('a whole assessment year', () => {
  it('opens the year with the policy version locked', async () => {
    const res = await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
    expect(res.body).toEqual({ assessmentYearId: expect.any(String), policyVersion: '2021-trial', stations: 5 });
    await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(409);
  });

  it('records the months, one missing, and a correction only with a reason', async () => {
    t.clock.set('2026-12-01T08:00:00+08:00');
    for (const station of s.stations) {
      for (let month = 1; month <= 11; month++) {
        if (station.name === '城东司法所' && month === 7) continue;
        await t.http.put(`${stationUrl(station.name)}/months/${month}/special`).set(t.as(s.users.command_room)).send(monthData).expect(200);
      }
    }
    await t.http.put(`${stationUrl('城东派出所')}/months/3/daily`).set(t.as(s.users.coordinator))
      .send({ deductions: [{ itemKey: 'workStyle', points: '1', reason: '群众反映办事拖拉', evidence: '投诉工单 GD-0312' }] }).expect(200);
    // correcting without a reason is refused, with a reason it is a new event
    const bad = await t.http.put(`${stationUrl('城东派出所')}/months/3/special`).set(t.as(s.users.command_room)).send(monthData).expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'reason', reason: '本月已有记录，更正需填写理由' }] });
    // the numbers and the reason are checked together: every problem in one answer
    const both = await t.http.put(`${stationUrl('城东派出所')}/months/3/special`).set(t.as(s.users.command_room))
      .send({ ...monthData, meetingsAttended: monthData.meetingsHeld + 1, satisfaction: { surveyed: 1, satisfied: 2 } }).expect(400);
    expect(both.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['meetingsAttended', 'reason', 'satisfaction.satisfied']);
    // a role that does not record these is told who does
    const station = await t.http.put(`${stationUrl('城东派出所')}/months/3/special`).set(t.as(st('城东派出所').user)).send(monthData).expect(403);
    expect(station.body).toMatchObject({ code: 'FORBIDDEN', message: '您的角色（站所用户）不能录入专项记录，请联系综合指挥室或协调组' });
    await t.http.put(`${stationUrl('城东派出所')}/months/3/special`).set(t.as(s.users.command_room))
      .send({ ...monthData, complaints: 1, reason: '补录一件投诉' }).expect(200);
    const months = (await t.http.get(`${stationUrl('城东司法所')}/months`).set(t.as(s.users.coordinator)).expect(200)).body;
    expect(months.filter((m: any) => !m.recorded).map((m: any) => m.month)).toEqual([7, 12]);
    expect(months[6]).toMatchObject({ month: 7, recorded: false, late: true });
    const police = (await t.http.get(`${stationUrl('城东派出所')}/months`).set(t.as(s.users.coordinator)).expect(200)).body;
    expect(police[2]).toMatchObject({ corrections: 1, special: expect.objectContaining({ complaints: 1 }) });
  });

  it('adds and decides recognitions', async () => {
    const add = async (name: string, level: string) =>
      (await t.http.post(`${stationUrl(name)}/recognitions`).set(t.as(s.users.coordinator)).send({
        level, title: `${level} 创新经验推广`, issuer: '上级机关', recognisedOn: '2026-06-18', evidence: '简报第15期',
      }).expect(201)).body.recognitionId;
    const national = await add('城东派出所', 'national');
    const province = await add('城东派出所', 'province');
    const city = await add('城东市场监督管理所', 'city');
    const district = await add('城东市场监督管理所', 'district');
    for (const [name, id] of [['城东派出所', national], ['城东派出所', province], ['城东市场监督管理所', district]]) {
      await t.http.post(`${stationUrl(name)}/recognitions/${id}/verify`).set(t.as(s.users.coordinator)).send({}).expect(200);
    }
    await t.http.post(`${stationUrl('城东市场监督管理所')}/recognitions/${city}/refuse`).set(t.as(s.users.coordinator)).send({}).expect(400);
    await t.http.post(`${stationUrl('城东市场监督管理所')}/recognitions/${city}/refuse`).set(t.as(s.users.coordinator))
      .send({ reason: '佐证材料不足' }).expect(200);
  });

  it('opens the window and takes self-assessments; a concurrent duplicate gets 409; a retried key acts once', async () => {
    // an empty form names every problem at once: each item's score and justification, and the report
    const empty = await t.http.post(`${stationUrl('城东派出所')}/self-assessment/submit`).set(t.as(st('城东派出所').user)).expect(400);
    expect(empty.body.code).toBe('VALIDATION_FAILED');
    expect(empty.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['scores.serveCentre', 'justifications.satisfaction', 'report']));
    expect(empty.body.details).toHaveLength(15);
    const malformed = await t.http.post(`${stationUrl('城东派出所')}/self-assessment/submit`).set(t.as(st('城东派出所').user))
      .field('scores', 'not json').field('justifications', '[]').field('remarks', 'x').expect(400);
    expect(malformed.body.details).toEqual([
      { field: 'scores', reason: '必须是 JSON 对象' }, { field: 'justifications', reason: '必须是 JSON 对象' },
      { field: 'remarks', reason: '不是可接受的字段，请删除' },
    ]);
    const early = await submit('城东派出所').expect(409);
    expect(early.body).toMatchObject({ code: 'STATE_CONFLICT', state: 'recording', message: '自评将于12月1日开放，届时再填写自评表' });
    await t.http.post(`${base()}/self-assessment-window`).set(t.as(s.users.coordinator)).expect(200);
    t.clock.set('2026-12-20T10:00:00+08:00');
    await t.http.put(`${stationUrl('城东派出所')}/self-assessment`).set(t.as(st('城东派出所').user))
      .send({ scores: { serveCentre: '9.55' }, justifications: {} }).expect(400);
    await t.http.put(`${stationUrl('城东派出所')}/self-assessment`).set(t.as(st('城东派出所').user))
      .send({ scores: { serveCentre: '9.5' }, justifications: { serveCentre: '草稿' } }).expect(200);

    const [a, b] = await Promise.all([submit('城东派出所'), submit('城东派出所')]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);

    const first = await submit('城东市场监督管理所', 'key-1').expect(201);
    const retry = await submit('城东市场监督管理所', 'key-1').expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const [{ n }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE type = 'SelfAssessmentSubmitted'`);
    expect(n).toBe(2);

    // a station user cannot file for another station
    await submit('城东司法所').set(t.as(st('城东派出所').user)).expect(403);
    t.clock.set('2026-12-31T23:59:59.999+08:00');
    const onTime = await submit('城东司法所').expect(201);
    expect(onTime.body.late).toBe(false);
  });

  it('marks the rest overdue at the deadline; an extension leads to a late submission', async () => {
    t.clock.set('2027-01-01T00:00:00+08:00');
    const { overdue } = await t.app.get(CommandBus).execute(new PassDeadlineCommand(SYSTEM_ACTOR, { subdistrictId: s.id, year: YEAR }));
    expect(overdue.sort()).toEqual([st('城东自然资源所').id, st('城东执法中队').id].sort());
    const refused = await submit('城东执法中队').expect(409);
    expect(refused.body).toMatchObject({ code: 'STATE_CONFLICT', state: 'overdue', allowed: expect.arrayContaining(['EXTENSION_GRANTED']) });
    await t.http.post(`${stationUrl('城东执法中队')}/extension`).set(t.as(s.users.coordinator)).send({ until: '2027-01-10', reason: '汛期抢险任务重' }).expect(200);
    t.clock.set('2027-01-05T15:00:00+08:00');
    const late = await submit('城东执法中队').expect(201);
    expect(late.body.late).toBe(true);
    const status = (await t.http.get(stationUrl('城东执法中队')).set(t.as(s.users.coordinator)).expect(200)).body;
    expect(status).toMatchObject({ state: 'submittedLate', late: true });
    // the station's 流程跟踪 says who acted by role; the deadline was the system's own doing, not an administrator's
    const timeline = (await t.http.get(`${stationUrl('城东执法中队')}/timeline`).set(t.as(st('城东执法中队').user)).expect(200)).body;
    const byType = (type: string) => timeline.find((e: any) => e.type === type);
    expect(byType('MarkedOverdue')).toMatchObject({ roleLabel: '系统自动' });
    expect(byType('ExtensionGranted')).toMatchObject({ roleLabel: '“四个平台”绩效考核(协调)组', reason: '汛期抢险任务重' });
  });

  it('scores every station, refuses results while one is unscored, then computes', async () => {
    for (const name of ['城东派出所', '城东市场监督管理所', '城东司法所', '城东自然资源所']) await scoreAll(name);
    const early = await t.http.post(`${base()}/results/compute`).set(t.as(s.users.coordinator)).expect(409);
    expect(early.body.code).toBe('STATE_CONFLICT');
    await scoreAll('城东执法中队');
    // 城东司法所 never recorded July: no results until the month is recorded or waived with a reason
    const missing = await t.http.post(`${base()}/results/compute`).set(t.as(s.users.coordinator)).expect(409);
    expect(missing.body).toMatchObject({ code: 'MONTHS_MISSING', details: [{ field: `stations.${st('城东司法所').id}.months`, reason: '城东司法所：7月未记录也未豁免' }] });
    await t.http.post(`${stationUrl('城东司法所')}/months/waivers`).set(t.as(s.users.command_room)).send({ months: [7], reason: '7月站所搬迁' }).expect(403);
    await t.http.post(`${stationUrl('城东司法所')}/months/waivers`).set(t.as(s.users.coordinator))
      .send({ months: [7], reason: '7月站所搬迁，平台暂停派单' }).expect(200, { months: [7] });
    // one person of the police station is set to 良好 with a reason (at most one grade from the station's grade)
    await t.http.put(`${stationUrl('城东派出所')}/persons/${st('城东派出所').staffIds[2]}/grade`).set(t.as(s.users.coordinator))
      .send({ grade: 'good', reason: '年度内受到诫勉谈话' }).expect(200);
    await t.http.post(`${base()}/results/compute`).set(t.as(s.users.coordinator)).expect(200);
    await t.http.post(`${base()}/results/submit`).set(t.as(s.users.coordinator)).expect(200);
  });

  it('release is refused before approval; a returned station is rescored and the table re-approved', async () => {
    await t.http.post(`${base()}/results/release`).set(t.as(s.users.leader)).send({}).expect(409);
    await t.http.post(`${base()}/results/return`).set(t.as(s.users.leader)).send({ stationId: st('城东司法所').id }).expect(400);
    await t.http.post(`${base()}/results/return`).set(t.as(s.users.leader))
      .send({ stationId: st('城东司法所').id, reason: '作风效能得分偏低，请复核' }).expect(200);
    const status = (await t.http.get(stationUrl('城东司法所')).set(t.as(s.users.coordinator)).expect(200)).body;
    expect(status).toMatchObject({ state: 'underScoring', returns: 1, lastReturnReason: '作风效能得分偏低，请复核' });
    await t.http.post(`${base()}/results/approve`).set(t.as(s.users.leader)).send({}).expect(409);
    await t.http.put(`${stationUrl('城东司法所')}/scores/daily/workStyle`).set(t.as(s.users.coordinator)).send({ score: '13', comment: '复核后加1分', reason: '测试分值，不依据平时记录' }).expect(200);
    await t.http.post(`${stationUrl('城东司法所')}/scores/finalise`).set(t.as(s.users.coordinator)).expect(200);
    await t.http.post(`${base()}/results/compute`).set(t.as(s.users.coordinator)).expect(200);
    await t.http.post(`${base()}/results/submit`).set(t.as(s.users.coordinator)).expect(200);
    await t.http.post(`${base()}/results/approve`).set(t.as(s.users.leader)).send({ reason: '领导小组会议审定' }).expect(200);
    // the leader role cannot score, the coordinator cannot approve
    await t.http.post(`${base()}/results/release`).set(t.as(s.users.coordinator)).send({}).expect(403);
    await t.http.post(`${base()}/results/release`).set(t.as(s.users.leader)).send({}).expect(200);
  });

  it('the final table, grades and bonus budget match the hand-computed values', async () => {
    const table = (await t.http.get(`${base()}/results`).set(t.as(s.users.leader)).expect(200)).body;
    const rows = table.rows.map((r: any) => [r.rank, r.name, r.total, r.grade, r.bonusYuan, r.flags]);
    const flags = { late: false, quotaDemoted: false, individualGradesChanged: false, unexplainedDepartures: 0, staffMismatch: false };
    expect(rows).toEqual([
      [1, '城东派出所', '101.0', 'excellent', 9720, { ...flags, individualGradesChanged: true }],
      [2, '城东市场监督管理所', '91.0', 'good', 5040, { ...flags, quotaDemoted: true }],
      [3, '城东司法所', '81.0', 'good', 5040, flags],
      [4, '城东自然资源所', '60.0', 'qualified', 0, { ...flags, late: true }],
      [5, '城东执法中队', '51.0', 'unqualified', 0, { ...flags, late: true }],
    ]);
    expect(table).toMatchObject({ excellentQuota: 1, stationCount: 5, budgetYuan: 19800, state: 'released' });
    const police = table.rows[0];
    expect(police.innovation).toBe('8.0');
    expect(police.persons.map((p: any) => [p.name, p.grade, p.bonusYuan])).toEqual([
      ['张建国', 'excellent', 3600], ['李明', 'excellent', 3600], ['王芳', 'good', 2520],
    ]);
    const explanation = (await t.http.get(`${stationUrl('城东市场监督管理所')}/explanation`).set(t.as(s.users.leader)).expect(200)).body;
    expect(explanation.gradeReason).toContain('优秀');
    expect(explanation.quotaDemoted).toBe(true);
    // the station sees its own released result, not another's
    await t.http.get(`${stationUrl('城东派出所')}/result`).set(t.as(st('城东派出所').user)).expect(200);
    await t.http.get(`${stationUrl('城东司法所')}/result`).set(t.as(st('城东派出所').user)).expect(403);
  });

  it('rebuilding the projections from the event store gives exactly the live projections', async () => {
    const live = await dumpProjections();
    const replayed = await t.db.dataSource.transaction((tx) => rebuildProjections(tx));
    expect(replayed).toBeGreaterThan(80);
    expect(await dumpProjections()).toEqual(live);
  });
});
