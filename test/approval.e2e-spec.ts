/**
 * Leaders' approval with publicity (公示) switched on by a policy version written for this test: release refused
 * before approval; a returned station rescored and the table re-approved; an objection upheld sends its station
 * back to scoring; a dismissed one still blocks release until the period ends; every decision listed with actor,
 * time and reason; the exports built as jobs (progress, 409 before ready) and read back cell by cell; dashboard.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { CommandBus } from '@nestjs/cqrs';
import { EndPublicityCommand, PassDeadlineCommand } from '@app/assessment';
import { SYSTEM_ACTOR } from '@app/platform';
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

const YEAR = 2026;
const VERSION = '2021-trial-publicity';
let t: TestApp;
let s: SeededSubdistrict;
let configDir: string;

const DAILY = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding'];
const SPECIAL = ['platformParticipation', 'workOrders', 'satisfaction'];
// points per item (daily 4, special 3): 城东派出所 95.0, 城东司法所 85.0, 城东执法中队 70.0
const SCORES: Record<string, string[]> = {
  城东派出所: ['10', '10', '14', '14', '19', '19', '9'],
  城东司法所: ['9', '9', '13', '13', '17', '16', '8'],
  城东执法中队: ['7', '7', '11', '11', '14', '14', '6'],
};
const base = () => `/subdistricts/${s.id}/years/${YEAR}`;
const st = (name: string) => s.stations.find((x) => x.name === name)!;
const stationUrl = (name: string) => `${base()}/stations/${st(name).id}`;
const leader = () => t.as(s.users.leader);
const coord = () => t.as(s.users.coordinator);

async function score(name: string, scores = SCORES[name]) {
  for (const [i, k] of [...DAILY, ...SPECIAL].entries()) {
    const part = i < 4 ? 'daily' : 'special';
    await t.http.put(`${stationUrl(name)}/scores/${part}/${k}`).set(coord()).send({ score: scores[i], reason: '测试分值，不依据平时记录' }).expect(200);
  }
  await t.http.post(`${stationUrl(name)}/scores/finalise`).set(coord()).expect(200);
}
async function computeAndSubmit() {
  await t.http.post(`${base()}/results/compute`).set(coord()).expect(200);
  await t.http.post(`${base()}/results/submit`).set(coord()).expect(200);
}
function binary(req: any) {
  return req.buffer(true).parse((r: any, cb: any) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  });
}
const text = (v: any): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? ('result' in v ? String(v.result) : 'richText' in v ? v.richText.map((x: any) => x.text).join('') : String(v)) : String(v);
async function sheet(buf: Buffer, index = 0) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as any);
  const ws = wb.worksheets[index];
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (r) => rows.push((r.values as any[]).slice(1).map(text)));
  return { name: ws.name, rows };
}
async function exportJob(kind: string, stationId?: string) {
  const { body } = await t.http.post(`${base()}/exports`).set(coord()).send({ kind, ...(stationId ? { stationId } : {}) }).expect(202);
  const url = `${base()}/exports/${body.exportId}`;
  let status: any;
  for (let i = 0; i < 200; i++) {
    status = (await t.http.get(url).set(coord()).expect(200)).body;
    if (status.status === 'ready' || status.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(status).toMatchObject({ status: 'ready', progress: 1, kind });
  const file = await binary(t.http.get(`${url}/file`).set(coord())).expect(200);
  return file.body as Buffer;
}

beforeAll(async () => {
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-config-'));
  fs.cpSync(path.resolve('config/calendars'), path.join(configDir, 'calendars'), { recursive: true });
  fs.mkdirSync(path.join(configDir, 'policies'));
  const policy = JSON.parse(fs.readFileSync(path.resolve('config/policies/2021-trial.json'), 'utf8'));
  policy.version = VERSION;
  policy.publicity = { enabled: true, workingDays: 5 };
  fs.writeFileSync(path.join(configDir, 'policies', '2021-trial.json'), fs.readFileSync(path.resolve('config/policies/2021-trial.json')));
  fs.writeFileSync(path.join(configDir, 'policies', `${VERSION}.json`), JSON.stringify(policy));
  t = await createTestApp({ env: { CONFIG_DIR: configDir } });
  s = await seedSubdistrict(t.db.dataSource, {
    reachableDepartments: true,
    stations: [
      { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明'] },
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏', '孙磊'] },
      { name: '城东执法中队', kind: 'regional', department: '区综合行政执法局', staff: ['郑强', '冯丽', '褚军'] },
    ],
  });
  await t.http.post(`/subdistricts/${s.id}/years`).set(coord()).send({ year: YEAR, policyVersion: VERSION }).expect(201);
  t.clock.set('2026-12-01T09:00:00+08:00');
  await t.http.post(`${base()}/self-assessment-window`).set(coord()).expect(200);
  t.clock.set('2026-12-20T09:00:00+08:00');
  const sc = (name: string) => JSON.stringify(Object.fromEntries([...DAILY, ...SPECIAL].map((k, i) => [k, SCORES[name][i]])));
  for (const name of ['城东派出所', '城东司法所']) {
    await t.http.post(`${stationUrl(name)}/self-assessment/submit`).set(t.as(st(name).user)).field('scores', sc(name))
      .field('justifications', JSON.stringify(Object.fromEntries([...DAILY, ...SPECIAL].map((k) => [k, k === 'serveCentre' ? '全年服务中心工作情况' : '年度工作说明']))))
      .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' }).expect(201);
  }
  t.clock.set('2027-01-01T00:00:00+08:00');
  await t.app.get(CommandBus).execute(new PassDeadlineCommand(SYSTEM_ACTOR, { subdistrictId: s.id, year: YEAR }));
  t.clock.set('2027-01-08T10:00:00+08:00');
  // this year keeps no monthly records: the coordination group waives them, so results may be computed
  for (const name of Object.keys(SCORES)) {
    await t.http.post(`${stationUrl(name)}/months/waivers`).set(coord()).send({ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], reason: '测试：不录入月度记录' }).expect(200);
  }
  for (const name of Object.keys(SCORES)) await score(name);
});
afterAll(async () => {
  await t?.close();
  fs.rmSync(configDir, { recursive: true, force: true });
});

describe('approval, publicity and release', () => {
  it('refuses release before approval; a returned station is rescored and the table re-approved', async () => {
    await computeAndSubmit();
    await t.http.post(`${base()}/results/release`).set(leader()).send({}).expect(409);
    // computed and submitted, not yet approved: the station does not read its result yet
    const early = await t.http.get(`${stationUrl('城东执法中队')}/result`).set(t.as(st('城东执法中队').user)).expect(409);
    expect(early.body.message).toBe('考核结果尚未发布，发布后即可查看');
    await t.http.post(`${base()}/results/return`).set(leader()).send({ stationId: st('城东司法所').id, reason: '专项得分依据不足，请复核' }).expect(200);
    await t.http.post(`${base()}/results/approve`).set(leader()).send({}).expect(409);
    await t.http.put(`${stationUrl('城东司法所')}/scores/special/workOrders`).set(coord()).send({ score: '17', comment: '复核后加1分', reason: '测试分值，不依据平时记录' }).expect(200);
    await t.http.post(`${stationUrl('城东司法所')}/scores/finalise`).set(coord()).expect(200);
    await computeAndSubmit();
    const approved = await t.http.post(`${base()}/results/approve`).set(leader()).send({ reason: '领导小组会议审定' }).expect(200);
    expect(approved.body.publicityUntil).toEqual(expect.any(String));
  });

  it('with publicity on: an open objection blocks release; upheld → the station goes back to scoring', async () => {
    // publicised (公示): a station reads its own result, the one it may object to
    const seen = await t.http.get(`${stationUrl('城东执法中队')}/result`).set(t.as(st('城东执法中队').user)).expect(200);
    expect(seen.body.total).toEqual(expect.any(String));
    const filed = await t.http.post(`${stationUrl('城东执法中队')}/objections`).set(t.as(st('城东执法中队').user)).send({ text: '工单办理得分与实际不符' }).expect(201);
    const refused = await t.http.post(`${base()}/results/release`).set(leader()).send({}).expect(409);
    expect(refused.body.code).toBe('STATE_CONFLICT');
    await t.http.post(`${base()}/objections/${filed.body.objectionId}/answer`).set(leader()).send({ upheld: true, reason: '经核实工单数据有误' }).expect(200);
    const station = (await t.http.get(stationUrl('城东执法中队')).set(coord()).expect(200)).body;
    expect(station.state).toBe('underScoring');
    await t.http.put(`${stationUrl('城东执法中队')}/scores/special/workOrders`).set(coord()).send({ score: '16', reason: '测试分值，不依据平时记录' }).expect(200);
    await t.http.post(`${stationUrl('城东执法中队')}/scores/finalise`).set(coord()).expect(200);
    await computeAndSubmit();
    await t.http.post(`${base()}/results/approve`).set(leader()).send({ reason: '异议处理后重新审定' }).expect(200);
  });

  it('a dismissed objection: release waits for the end of the period, then goes through', async () => {
    const filed = await t.http.post(`${stationUrl('城东司法所')}/objections`).set(t.as(st('城东司法所').user)).send({ text: '要求复核等次' }).expect(201);
    await t.http.post(`${base()}/objections/${filed.body.objectionId}/answer`).set(leader()).send({ upheld: false }).expect(400);
    await t.http.post(`${base()}/objections/${filed.body.objectionId}/answer`).set(leader()).send({ upheld: false, reason: '评分依据充分，维持原结果' }).expect(200);
    await t.http.post(`${base()}/results/release`).set(leader()).send({}).expect(409); // the period is still running
    const bus = t.app.get(CommandBus);
    await expect(bus.execute(new EndPublicityCommand(SYSTEM_ACTOR, { subdistrictId: s.id, year: YEAR }))).rejects.toThrow(/publicity period runs until/);
    t.clock.set('2027-02-20T10:00:00+08:00');
    await expect(bus.execute(new EndPublicityCommand(SYSTEM_ACTOR, { subdistrictId: s.id, year: YEAR }))).resolves.toMatchObject({ openObjections: 0 });
    await t.http.post(`${base()}/results/release`).set(leader()).send({ reason: '公示期满无异议' }).expect(200);
  });

  it('lists every leader decision with actor, time and reason', async () => {
    const { body } = await t.http.get(`${base()}/decisions`).set(leader()).expect(200);
    const list = body.decisions.map((d: any) => [d.kind, d.actor.role, d.reason, d.stationName]);
    expect(list).toEqual([
      ['submitted_for_approval', 'coordinator', null, null],
      ['station_returned', 'leader', '专项得分依据不足，请复核', '城东司法所'],
      ['submitted_for_approval', 'coordinator', null, null],
      ['approved', 'leader', '领导小组会议审定', null],
      ['objection_filed', 'station', null, '城东执法中队'],
      ['objection_answered', 'leader', '经核实工单数据有误', '城东执法中队'],
      ['submitted_for_approval', 'coordinator', null, null],
      ['approved', 'leader', '异议处理后重新审定', null],
      ['objection_filed', 'station', null, '城东司法所'],
      ['objection_answered', 'leader', '评分依据充分，维持原结果', '城东司法所'],
      ['publicity_ended', 'admin', null, null],
      ['released', 'leader', '公示期满无异议', null],
    ]);
    expect(body.decisions[1]).toMatchObject({ actor: { id: s.users.leader.id, name: expect.any(String) }, at: expect.any(String), label: '单站退回重评' });
    expect(body.decisions[5]).toMatchObject({ upheld: true });
    await t.http.get(`${base()}/decisions`).set(t.as(st('城东司法所').user)).expect(403);
  });

  it('builds the exports as jobs and they read back cell by cell', async () => {
    // result table: 城东派出所 95.0 优秀, 城东司法所 86.0 良好, 城东执法中队 72.0 合格
    const rt = await sheet(await exportJob('result_table'));
    expect(rt.name).toBe('考核结果汇总表');
    const h = rt.rows.findIndex((r) => r[0] === '名次');
    expect(rt.rows[h]).toEqual(['名次', '派驻机构', '类型', '派出部门', '日常管理', '专项管理', '创新工作附加', '总分', '考核等次', '奖金（元）', '备注']);
    expect(rt.rows.slice(h + 1, h + 4).map((r) => [r[0], r[1], Number(r[7]), r[8], Number(r[9])])).toEqual([
      ['1', '城东派出所', 95, '优秀', 7200],
      ['2', '城东司法所', 86, '良好', 5040],
      ['3', '城东执法中队', 72, '合格', 0],
    ]);
    const total = rt.rows.find((r) => r[0] === '合计')!;
    expect(Number(total[9])).toBe(12240);
    // the synchronous download gives the same table
    const direct = await binary(t.http.get(`${base()}/results.xlsx`).set(leader())).expect(200);
    expect((await sheet(direct.body)).rows.slice(h + 1, h + 4).map((r) => r[1])).toEqual(['城东派出所', '城东司法所', '城东执法中队']);

    const ev = await sheet(await exportJob('evaluation_form', st('城东司法所').id));
    expect(ev.name).toBe('测评表');
    const eh = ev.rows.findIndex((r) => r[0] === '考核项目');
    expect(ev.rows[eh].slice(0, 3)).toEqual(['考核项目', '考核内容', '分值']);
    const maxima = ev.rows.slice(eh + 1).filter((r) => /^\d+$/.test(r[2]) && !r[0].includes('小计') && r[0] !== '合计').map((r) => Number(r[2]));
    expect(maxima).toEqual([10, 10, 15, 15, 20, 20, 10, 10]); // 7 items and the innovation cap
    const sum = ev.rows.find((r) => r[0] === '合计')!;
    expect(ev.rows[eh].slice(3, 6)).toEqual(['自评分', '建议分', '测评得分']);
    // max, self-score, suggested score (no records were kept: every item at its maximum), group score
    expect(sum.slice(2).filter(Boolean).map(Number).slice(0, 4)).toEqual([110, 85, 100, 86]);

    const sa = await sheet(await exportJob('self_assessment_form', st('城东派出所').id));
    expect(sa.name).toBe('自评表');
    expect(sa.rows.flat().join('')).toContain('全年服务中心工作情况');
    expect(Number(sa.rows.find((r) => r[0] === '合计')![3])).toBe(95);

    const bonus = await exportJob('bonus_budget');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bonus as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['奖金预算（按站所）', '奖金明细（按人员）']);
    await exportJob('awards');

    // a per-station form without a station is refused; an unknown export is 404
    await t.http.post(`${base()}/exports`).set(coord()).send({ kind: 'evaluation_form' }).expect(400);
    await t.http.get(`${base()}/exports/00000000-0000-0000-0000-000000000000`).set(coord()).expect(404);
  });

  it('the file is refused (409) before the export is ready', async () => {
    const [row] = await t.db.dataSource.query(
      `INSERT INTO exports (subdistrict_id, year, kind, requested_by, created_at, updated_at) VALUES ($1, $2, 'result_table', 'x', now(), now()) RETURNING id`, [s.id, YEAR]);
    const res = await t.http.get(`${base()}/exports/${row.id}/file`).set(coord()).expect(409);
    expect(res.body.code).toBe('STATE_CONFLICT');
    expect((await t.http.get(`${base()}/exports/${row.id}`).set(coord()).expect(200)).body).toMatchObject({ status: 'queued', progress: 0 });
  });

  it('dashboard figures: progress over time, score distribution, grade counts', async () => {
    const { body } = await t.http.get(`${base()}/dashboard?bucket=10`).set(leader()).expect(200);
    expect(body.grades).toEqual([
      { grade: 'excellent', label: '优秀', count: 1 }, { grade: 'good', label: '良好', count: 1 },
      { grade: 'qualified', label: '合格', count: 1 }, { grade: 'unqualified', label: '不合格', count: 0 },
    ]);
    const nonEmpty = body.scoreDistribution.buckets.filter((b: any) => b.count > 0).map((b: any) => [b.from, b.count]);
    expect(nonEmpty).toEqual([[70, 1], [80, 1], [90, 1]]);
    expect(body.progress.selfAssessmentsSubmitted).toEqual([{ date: '2026-12-20', count: 2, cumulative: 2 }]);
    expect(body.progress.stationsScored.at(-1).cumulative).toBeGreaterThanOrEqual(3);
    // this year's months were all waived, none recorded: the records chart tells 豁免 from missing
    expect(body.monthsByStation).toHaveLength(3);
    for (const m of body.monthsByStation) expect([m.months.filter(Boolean).length, m.waived.filter(Boolean).length]).toEqual([0, 12]);
    await t.http.get(`${base()}/dashboard?bucket=7`).set(leader()).expect(400);
  });
});
