/**
 * Records drive the scores, over HTTP with the real worker: a year of monthly records gives every item a suggested
 * score (建议分) that the coordination group accepts, one departure with its reason shows in the explanation and the
 * result table, a station outside the four platforms is listed as 不参加考核 and left out of ranking, quota and
 * money, a compute is refused for a missing month and accepted after a waiver, and a release is refused while a
 * dispatching department has nobody who can read its 抄告.
 *
 * Hand-computed suggestions (items' maxima 10/10/15/15 and 20/20/10):
 *   城东派出所   workStyle −1.5 (4月扣分) → 13.5; 6月 a meeting missed without leave −1 → 19; 3月 2 overdue orders
 *                −0.5×2 → 19; 9月 a verified complaint −1 → 9.            total 48.5 + 47 = 95.5
 *   城东司法所   5月 a coordination task not done −2 → 18; 10月 an order returned for 推诿 −1 → 19; 8月 2 return
 *                visits unsatisfied −0.5×2 → 9.                             total 50 + 46 = 96.0 (scored 97.0:
 *                workOrders 20 against 19, with a reason)
 *   城东执法中队 2月 a falsified order −5, 7月 2 handled 敷衍了事 −1×2 → 13.  total 50 + 43 = 93.0
 * Three assessed stations: 30 % rounds down to 0, at least 1 excellent: 司法所 优秀, the others 良好 (quota).
 */
import * as ExcelJS from 'exceljs';
import { CommandBus } from '@nestjs/cqrs';
import { PassDeadlineCommand } from '@app/assessment';
import { SYSTEM_ACTOR } from '@app/platform';
import { createTestApp, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;

const base = () => `/subdistricts/${s.id}/years/${YEAR}`;
const st = (name: string) => s.stations.find((x) => x.name === name)!;
const stationUrl = (name: string) => `${base()}/stations/${st(name).id}`;
const coord = () => t.as(s.users.coordinator);

const clean = {
  meetingsHeld: 2, meetingsAttended: 2, meetingsExcused: 0, trainingsHeld: 1, trainingsAttended: 1, trainingsExcused: 0,
  coordinationTasks: { assigned: 1, notDone: 0 },
  workOrders: { received: 10, onTime: 10, overdue: 0, returnedForShirking: 0, perfunctory: 0, falsified: 0 },
  complaints: 0, satisfaction: { surveyed: 5, satisfied: 5, unsatisfied: 0 },
};
const wo = (o: Partial<typeof clean.workOrders>) => ({ workOrders: { ...clean.workOrders, ...o } });
/** Month → what differs from a clean month; null: not recorded. */
const MONTHS: Record<string, Record<number, object | null>> = {
  城东派出所: { 3: wo({ onTime: 8, overdue: 2 }), 6: { meetingsAttended: 1 }, 9: { complaints: 1 } },
  城东司法所: { 5: { coordinationTasks: { assigned: 2, notDone: 1 } }, 8: { satisfaction: { surveyed: 5, satisfied: 3, unsatisfied: 2 } }, 10: wo({ onTime: 9, returnedForShirking: 1 }) },
  城东执法中队: { 2: wo({ onTime: 9, falsified: 1 }), 7: wo({ onTime: 8, perfunctory: 2 }), 11: null },
};
const ASSESSED = Object.keys(MONTHS);

beforeAll(async () => {
  t = await createTestApp({ env: { SWEEP_SCHEDULER: 'off' } });
  s = await seedSubdistrict(t.db.dataSource, {
    reachableDepartments: true,
    stations: ([
      ['城东派出所', 'independent', '区公安分局', '张建国 李明 王芳'],
      ['城东司法所', 'regional', '区司法局', '赵敏 孙磊'],
      ['城东执法中队', 'regional', '区综合行政执法局', '郑强 冯丽'],
      ['城东气象站', 'regional', '区气象局', '钱多 吴用'], // not part of the four platforms
    ] as const).map(([name, kind, department, staff]) => ({ name, kind, department, staff: staff.split(' ') })),
  });
  const q = (sql: string, p: unknown[]) => t.db.dataSource.query(sql, p);
  await q(`UPDATE stations SET four_platforms = false WHERE id = $1`, [st('城东气象站').id]);
  await q(`UPDATE stations SET headcount = 3 WHERE id = $1`, [st('城东执法中队').id]); // one post vacant
  // the justice bureau has only the in-app inbox: nobody there can read a 抄告
  await q(`UPDATE departments SET channels = '{inbox}', email = NULL WHERE name = '区司法局' AND subdistrict_id = $1`, [s.id]);
});
afterAll(async () => {
  await t?.close();
});

describe('records drive the scores', () => {
  it('opens the year for the four-platform stations only', async () => {
    t.clock.set('2026-11-20T09:00:00+08:00');
    const res = await t.http.post(`/subdistricts/${s.id}/years`).set(coord()).send({ year: YEAR }).expect(201);
    expect(res.body.stations).toBe(3);
  });

  it('records the year: four-platform data of every month (one missing) and a daily deduction', async () => {
    t.clock.set('2026-12-01T08:00:00+08:00');
    for (const name of ASSESSED) {
      for (let month = 1; month <= 12; month++) {
        const change = MONTHS[name][month];
        if (change === null) continue;
        await t.http.put(`${stationUrl(name)}/months/${month}/special`).set(t.as(s.users.command_room)).send({ ...clean, ...change }).expect(200);
      }
    }
    await t.http.put(`${stationUrl('城东派出所')}/months/4/daily`).set(coord())
      .send({ deductions: [{ itemKey: 'workStyle', points: '1.5', reason: '窗口人员脱岗', evidence: '督查通报第12期' }] }).expect(200);
    // inconsistent numbers: every problem in one answer
    const bad = await t.http.put(`${stationUrl('城东执法中队')}/months/11/special`).set(t.as(s.users.command_room))
      .send({ ...clean, meetingsExcused: 1, ...wo({ onTime: 9, overdue: 2 }), satisfaction: { surveyed: 5, satisfied: 5, unsatisfied: 1 } }).expect(400);
    expect(bad.body.details.map((d: any) => d.field).sort()).toEqual(['meetingsAttended', 'satisfaction.satisfied', 'workOrders.onTime']);
    t.clock.set('2026-12-01T09:00:00+08:00');
    await t.http.post(`${base()}/self-assessment-window`).set(coord()).expect(200);
    t.clock.set('2027-01-01T00:00:00+08:00');
    await t.app.get(CommandBus).execute(new PassDeadlineCommand(SYSTEM_ACTOR, { subdistrictId: s.id, year: YEAR }));
  });

  it('imports the platform system\'s monthly export: a template to download, all rows or none, a re-import as a correction', async () => {
    t.clock.set('2026-12-02T10:00:00+08:00');
    const template = await t.http.get(`${base()}/imports/month-data/template`).set(t.as(s.users.command_room)).expect(200);
    const header = template.text.replace(/^\uFEFF/, '').split('\r\n')[0];
    expect(header.split(',').slice(0, 4)).toEqual(['站所名称', '月份', '工作例会次数', '出席例会次数']);
    const csv = (...rows: string[]) => Buffer.from(`${header}\r\n${rows.join('\r\n')}\r\n`, 'utf8');
    // columns: station, month, meetings held/attended/excused, trainings held/attended/excused, tasks assigned/not done,
    // orders received/on time/overdue/推诿/敷衍/弄虚, complaints, visits surveyed/satisfied/unsatisfied
    const row = (station: string, month: number, over: Record<number, string> = {}) =>
      [station, String(month), '2', '2', '0', '1', '1', '0', '1', '0', '10', '10', '0', '0', '0', '0', '0', '5', '5', '0'].map((v, i) => over[i] ?? v).join(',');
    const upload = (file: Buffer, reason?: string) => {
      const req = t.http.post(`${base()}/imports/month-data`).set(t.as(s.users.command_room)).attach('file', file, { filename: '四个平台月度数据.csv', contentType: 'text/csv' });
      return reason ? req.field('reason', reason) : req;
    };
    const bad = await upload(csv(row('城东派出所', 1, { 11: '12' }), row('城东不存在所', 2), row('城东气象站', 2), row('城东司法所', 'x' as any), row('城东司法所', 1))).expect(400);
    expect(bad.body.details.map((d: any) => d.field)).toEqual(expect.arrayContaining([
      'row 2: 按时办结数', 'row 3: 站所名称', 'row 4: 站所名称', 'row 5: 月份', 'reason',
    ]));
    // the same month again, with the numbers the platform corrected: a correction with its reason, recorded as an event
    const fixed = row('城东派出所', 1, { 10: '12', 11: '12' });
    await upload(csv(fixed)).expect(400);
    await upload(csv(fixed), '平台系统导出数据更正：1月受理工单12件').expect(200, { imported: 1, corrections: 1 });
    const [event] = await t.db.dataSource.query(
      `SELECT reason, payload FROM events WHERE type = 'MonthRecorded' AND payload->>'source' = 'import'`);
    expect(event).toMatchObject({ reason: '平台系统导出数据更正：1月受理工单12件', payload: { month: 1, correction: true, data: { workOrders: { received: 12 } } } });
  });

  it('the evaluation form shows each suggested score with the records behind it', async () => {
    t.clock.set('2027-01-08T10:00:00+08:00');
    const form = (await t.http.get(`${stationUrl('城东派出所')}/scores`).set(coord()).expect(200)).body;
    const items = Object.fromEntries(form.parts.flatMap((p: any) => p.items).map((i: any) => [i.key, i]));
    expect(Object.fromEntries(Object.entries(items).map(([k, i]: [string, any]) => [k, i.suggested.score]))).toEqual({
      serveCentre: '10.0', performDuties: '10.0', workStyle: '13.5', teamBuilding: '15.0',
      platformParticipation: '19.0', workOrders: '19.0', satisfaction: '9.0',
    });
    expect(items.workStyle.suggested.records.map((r: any) => r.text)).toEqual(['4月：窗口人员脱岗（依据：督查通报第12期），扣1.5分']);
    expect(items.workOrders.suggested.records[0]).toMatchObject({ measure: 'workOrdersOverdue', count: 2, months: [3], deduction: '1.0' });
    expect(items.platformParticipation.suggested.text).toBe('满分20.0分，平时记录扣1.0分，建议19.0分');
    expect(form.recordedMonths).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('the coordinator accepts the suggestions; one departure needs and keeps its reason', async () => {
    for (const name of ASSESSED) {
      const form = (await t.http.get(`${stationUrl(name)}/scores`).set(coord()).expect(200)).body;
      for (const part of form.parts) {
        for (const item of part.items) {
          if (name === '城东司法所' && item.key === 'workOrders') continue;
          await t.http.put(`${stationUrl(name)}/scores/${part.key}/${item.key}`).set(coord()).send({ score: item.suggested.score }).expect(200);
        }
      }
    }
    const refused = await t.http.put(`${stationUrl('城东司法所')}/scores/special/workOrders`).set(coord()).send({ score: '20' }).expect(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'reason' })]);
    expect(refused.body.details[0].reason).toContain('建议分19.0分');
    await t.http.put(`${stationUrl('城东司法所')}/scores/special/workOrders`).set(coord())
      .send({ score: '20', reason: '10月被退回工单经复核系派单错误，不属推诿' }).expect(200);
    const form = (await t.http.get(`${stationUrl('城东司法所')}/scores`).set(coord()).expect(200)).body;
    const workOrders = form.parts[1].items.find((i: any) => i.key === 'workOrders');
    expect(workOrders).toMatchObject({ score: '20.0', suggested: { score: '19.0' }, departure: { suggested: '19.0', score: '20.0', explained: true, reason: '10月被退回工单经复核系派单错误，不属推诿' } });
    for (const name of ASSESSED) await t.http.post(`${stationUrl(name)}/scores/finalise`).set(coord()).expect(200);
  });

  it('refuses to compute while a month is neither recorded nor waived; a waiver with a reason lets it through', async () => {
    const refused = await t.http.post(`${base()}/results/compute`).set(coord()).expect(409);
    expect(refused.body).toMatchObject({
      code: 'MONTHS_MISSING',
      details: [{ field: `stations.${st('城东执法中队').id}.months`, reason: '城东执法中队：11月未记录也未豁免' }],
    });
    expect(refused.body.message).toContain('城东执法中队11月');
    await t.http.post(`${stationUrl('城东执法中队')}/months/waivers`).set(coord()).send({ months: [11] }).expect(400);
    await t.http.post(`${stationUrl('城东执法中队')}/months/waivers`).set(coord()).send({ months: [12], reason: '已有记录' }).expect(400);
    await t.http.post(`${stationUrl('城东执法中队')}/months/waivers`).set(coord())
      .send({ months: [11], reason: '11月平台系统升级停用，无派单数据' }).expect(200, { months: [11] });
    const [event] = await t.db.dataSource.query(`SELECT actor_role, reason, payload FROM events WHERE type = 'MonthsWaived'`);
    expect(event).toMatchObject({ actor_role: 'coordinator', reason: '11月平台系统升级停用，无派单数据', payload: { months: [11] } });
    await t.http.post(`${base()}/results/compute`).set(coord()).expect(200);
  });

  it('ranks, grades and pays only the assessed stations; the outside one is 不参加考核', async () => {
    const table = (await t.http.get(`${base()}/results`).set(t.as(s.users.leader)).expect(200)).body;
    expect(table.rows.map((r: any) => [r.rank, r.name, r.total, r.grade, r.bonusYuan])).toEqual([
      [1, '城东司法所', '97.0', 'excellent', 2 * 3600],
      [2, '城东派出所', '95.5', 'good', 3 * 2520],
      [3, '城东执法中队', '93.0', 'good', 2 * 2520],
    ]);
    expect(table).toMatchObject({ stationCount: 3, excellentQuota: 1, budgetYuan: 7200 + 7560 + 5040 });
    expect(table.notAssessed).toEqual([expect.objectContaining({ name: '城东气象站', label: '不参加考核' })]);
    const justice = table.rows[0];
    expect(justice.departures).toEqual([expect.objectContaining({ itemKey: 'workOrders', suggestedTenths: 190, scoredTenths: 200, reason: '10月被退回工单经复核系派单错误，不属推诿' })]);
    expect(justice.flags).toMatchObject({ unexplainedDepartures: 0, staffMismatch: false });
    expect(table.rows[2]).toMatchObject({ staffMismatch: { headcount: 3, onRecord: 2 }, flags: { staffMismatch: true } });
    expect(table.rows[1].departures).toEqual([]);

    const explanation = (await t.http.get(`${stationUrl('城东司法所')}/explanation`).set(t.as(s.users.leader)).expect(200)).body;
    expect(explanation.departures).toHaveLength(1);
    expect(explanation.departures[0].text).toBe('工单办理：建议分19.0分，评定20.0分（理由：10月被退回工单经复核系派单错误，不属推诿）');
    const item = explanation.items.find((i: any) => i.key === 'workOrders');
    expect(item.suggestion.records).toEqual(['工单因推诿扯皮被退回1次（10月），每次扣1.0分，共扣1.0分']);
    expect(item.departure).toMatchObject({ suggestedTenths: 190, reason: '10月被退回工单经复核系派单错误，不属推诿' });

    const file = await t.http.get(`${base()}/results.xlsx`).set(t.as(s.users.leader)).buffer(true)
      .parse((r, cb) => { const b: Buffer[] = []; r.on('data', (x: Buffer) => b.push(x)); r.on('end', () => cb(null, Buffer.concat(b))); }).expect(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file.body as any);
    const rows: string[][] = [];
    wb.worksheets[0].eachRow((row) => rows.push((row.values as any[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in v ? String(v.result) : String(v ?? '')))));
    const byName = (name: string) => rows.find((r) => r[1] === name)!;
    expect(byName('城东司法所')[10]).toContain('偏离建议分：工单办理：建议分19.0分，评定20.0分（理由：10月被退回工单经复核系派单错误，不属推诿）');
    expect(byName('城东执法中队')[10]).toContain('在册2人与编制3人不符');
    expect(byName('城东气象站')).toEqual(expect.arrayContaining(['不参加考核']));
    expect(byName('城东气象站')[9]).toBe('');
  });

  it('refuses the release while a dispatching department has nobody who can read its 抄告, then releases', async () => {
    await t.http.post(`${base()}/results/submit`).set(coord()).expect(200);
    t.clock.set('2027-01-15T10:00:00+08:00');
    await t.http.post(`${base()}/results/approve`).set(t.as(s.users.leader)).send({ reason: '领导小组会议审定' }).expect(200);
    const refused = await t.http.post(`${base()}/results/release`).set(t.as(s.users.leader)).send({}).expect(409);
    expect(refused.body.code).toBe('RECIPIENTS_UNREACHABLE');
    expect(refused.body.details).toEqual([{ field: `departments.${s.departments['区司法局']}`, reason: '区司法局没有可接收抄告单的电子邮箱或工作群机器人（webhook）' }]);
    expect(refused.body.message).toContain('区司法局');
    const depts = (await t.http.get(`/subdistricts/${s.id}/departments`).set(t.as(s.users.admin)).expect(200)).body;
    const dept = depts.find((d: any) => d.id === s.departments['区司法局']);
    await t.http.patch(`/subdistricts/${s.id}/departments/${dept.id}`).set(t.as(s.users.admin))
      .send({ version: dept.version, channels: ['inbox', 'email'], email: 'sfj@example.gov.cn' }).expect(200);
    await t.http.post(`${base()}/results/release`).set(t.as(s.users.leader)).send({ reason: '审定结果予以发布' }).expect(200);
  });
});
