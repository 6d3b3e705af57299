/**
 * The audit trail: a score corrected twice shows both changes (old → new, actor, role, reason); month-record and
 * master-data corrections show their old → new values; filters, paging, XLSX and CSV exports; and the events
 * behind it cannot be updated, deleted or truncated, even by the application's own database user.
 */
import ExcelJS from 'exceljs';
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;
let other: SeededSubdistrict;

const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];
const monthData = { meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 20, onTime: 19, overdue: 1, returnedForShirking: 0, falsified: 0 }, complaints: 0, satisfaction: { surveyed: 30, satisfied: 29 } };
const station = () => s.stations[0];
const stationUrl = () => `/subdistricts/${s.id}/years/${YEAR}/stations/${station().id}`;

function binaryParser(res: any, cb: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
}

beforeAll(async () => {
  t = await createTestApp({ withWorker: false });
  s = await seedSubdistrict(t.db.dataSource, {
    stations: [
      { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明'] },
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏'] },
    ],
  });
  other = await seedSubdistrict(t.db.dataSource, { name: '城西街道', abbr: '城西', stations: [{ name: '城西派出所', kind: 'regional', department: '区公安分局', staff: ['钱七'] }] });
  await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
  // a month recorded, then corrected with a reason
  t.clock.set('2026-04-02T10:00:00+08:00');
  await t.http.put(`${stationUrl()}/months/3/special`).set(t.as(s.users.command_room)).send(monthData).expect(200);
  await t.http.put(`${stationUrl()}/months/3/special`).set(t.as(s.users.command_room))
    .send({ ...monthData, workOrders: { ...monthData.workOrders, onTime: 17, overdue: 3 }, reason: '工单系统数据复核后更正' }).expect(200);
  // the window, the self-assessment, then scoring
  t.clock.set('2026-12-01T08:00:00+08:00');
  await t.http.post(`/subdistricts/${s.id}/years/${YEAR}/self-assessment-window`).set(t.as(s.users.coordinator)).expect(200);
  t.clock.set('2026-12-20T10:00:00+08:00');
  const scores = JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '8'])));
  const justifications = JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '说明'])));
  await t.http.post(`${stationUrl()}/self-assessment/submit`).set(t.as(station().user))
    .field('scores', scores).field('justifications', justifications)
    .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' }).expect(201);
  t.clock.set('2027-01-05T09:00:00+08:00');
  await t.http.put(`${stationUrl()}/scores/daily/serveCentre`).set(t.as(s.users.coordinator)).send({ score: '9.5', reason: '测试分值，不依据平时记录' }).expect(200);
  t.clock.set('2027-01-06T09:00:00+08:00');
  await t.http.put(`${stationUrl()}/scores/daily/serveCentre`).set(t.as(s.users.coordinator)).send({ score: '9', comment: '重点工作任务有一项未按期完成', reason: '重点工作任务有一项未按期完成' }).expect(200);
  t.clock.set('2027-01-07T09:00:00+08:00');
  await t.http.put(`${stationUrl()}/scores/daily/serveCentre`).set(t.as(s.users.coordinator)).send({ score: '8.5', comment: '领导小组复核后再扣0.5分', reason: '领导小组复核后再扣0.5分' }).expect(200);
  await t.http.put(`${stationUrl()}/scores/special/workOrders`).set(t.as(s.users.command_room)).send({ score: '18', reason: '测试分值，不依据平时记录' }).expect(200);
  // a master-data change of the station (admin)
  const st = await t.http.get(`/subdistricts/${s.id}/stations/${station().id}`).set(t.as(s.users.admin)).expect(200);
  await t.http.patch(`/subdistricts/${s.id}/stations/${station().id}`).set(t.as(s.users.admin)).send({ version: st.body.version, headcount: 5 }).expect(200);
});
afterAll(async () => {
  await t?.close();
});

describe('audit trail', () => {
  it('a score corrected twice shows both changes with old → new, actor, role and reason', async () => {
    const res = await t.http.get(`${stationUrl()}/audit`).query({ type: 'ItemScored' }).set(t.as(s.users.coordinator)).expect(200);
    const serve = res.body.items.filter((e: any) => e.changes[0]?.field === 'daily.serveCentre');
    expect(serve).toHaveLength(3);
    expect(serve.map((e: any) => [e.changes[0].from, e.changes[0].to])).toEqual([[null, '9.5'], ['9.5', '9.0'], ['9.0', '8.5']]);
    expect(serve[1]).toMatchObject({
      type: 'ItemScored', typeLabel: '测评打分', role: 'coordinator', roleLabel: '“四个平台”绩效考核(协调)组', reason: '重点工作任务有一项未按期完成',
      actor: { id: s.users.coordinator.id, username: expect.stringContaining('coordinator') },
      station: { id: station().id, name: '城东派出所' }, localTime: '2027-01-06 09:00:00',
    });
    expect(serve[1].changes[0].label).toBe('日常管理·服务中心');
    expect(serve[2]).toMatchObject({ reason: '领导小组复核后再扣0.5分', occurredAt: '2027-01-07T01:00:00.000Z' });
    expect(res.body.total).toBe(4); // plus the command room's workOrders score
  });

  it('a corrected month record shows the changed fields old → new with the reason', async () => {
    const res = await t.http.get(`${stationUrl()}/audit`).query({ type: 'MonthRecorded' }).set(t.as(s.users.leader)).expect(200);
    expect(res.body.items).toHaveLength(2);
    const correction = res.body.items[1];
    expect(correction).toMatchObject({ reason: '工单系统数据复核后更正', role: 'command_room', summary: '3月“四个平台”数据（更正）' });
    expect(correction.changes).toEqual([
      { field: 'workOrders.onTime', label: '按时办结', from: '19', to: '17' },
      { field: 'workOrders.overdue', label: '逾期工单', from: '1', to: '3' },
    ]);
  });

  it('the station view includes the station’s master-data changes; filters by actor, role, time; paging', async () => {
    const all = await t.http.get(`${stationUrl()}/audit`).set(t.as(s.users.admin)).expect(200);
    const types = all.body.items.map((e: any) => e.type);
    expect(types).toEqual(expect.arrayContaining(['MonthRecorded', 'SelfAssessmentSubmitted', 'ItemScored', 'station.updated']));
    expect(all.body.items.find((e: any) => e.type === 'station.updated')).toMatchObject({
      typeLabel: '修改派驻机构', role: 'admin', changes: [{ field: 'headcount', label: '编制人数', from: '2', to: '5' }],
    });
    // nothing of the other station leaks in
    expect(all.body.items.every((e: any) => e.station === null || e.station.id === station().id)).toBe(true);

    const byRole = await t.http.get(`${stationUrl()}/audit`).query({ role: 'command_room' }).set(t.as(s.users.admin)).expect(200);
    expect(byRole.body.items.length).toBe(3);
    expect(byRole.body.items.every((e: any) => e.role === 'command_room')).toBe(true);
    const byActor = await t.http.get(`/subdistricts/${s.id}/audit`).query({ actor: s.users.coordinator.id, type: 'ItemScored' }).set(t.as(s.users.admin)).expect(200);
    expect(byActor.body.total).toBe(3);
    const onDay = await t.http.get(`/subdistricts/${s.id}/audit`).query({ from: '2027-01-06', to: '2027-01-06' }).set(t.as(s.users.leader)).expect(200);
    expect(onDay.body.items.map((e: any) => e.changes[0]?.to)).toEqual(['9.0']);
    const page2 = await t.http.get(`/subdistricts/${s.id}/audit`).query({ pageSize: 2, page: 2, order: 'desc' }).set(t.as(s.users.leader)).expect(200);
    expect(page2.body).toMatchObject({ page: 2, pageSize: 2 });
    expect(page2.body.items).toHaveLength(2);
    expect(Number(page2.body.items[0].id)).toBeGreaterThan(Number(page2.body.items[1].id));
  });

  it('refuses bad filters with field-named 400s, other subdistricts and roles without audit.read', async () => {
    const bad = await t.http.get(`/subdistricts/${s.id}/audit`).query({ from: '2026-13-45', role: 'boss', pageSize: 0, x: 1 }).set(t.as(s.users.admin)).expect(400);
    expect(bad.body.details.map((d: any) => d.field)).toEqual(expect.arrayContaining(['role', 'pageSize', 'x']));
    const notReal = await t.http.get(`/subdistricts/${s.id}/audit`).query({ from: '2026-02-31' }).set(t.as(s.users.admin)).expect(400);
    expect(notReal.body.details[0].field).toBe('from');
    await t.http.get(`/subdistricts/${s.id}/audit`).set(t.as(other.users.leader)).expect(403);
    await t.http.get(`/subdistricts/${s.id}/audit`).set(t.as(s.users.command_room)).expect(403);
    await t.http.get(`${stationUrl()}/audit`).set(t.as(station().user)).expect(403);
    await t.http.get(`/subdistricts/${s.id}/audit`).expect(401);
  });

  it('exports XLSX (one row per change, Chinese headers) and CSV (BOM, formula-safe)', async () => {
    const x = await t.http.get(`${stationUrl()}/audit.xlsx`).query({ type: 'ItemScored' }).set(t.as(s.users.leader))
      .buffer(true).parse(binaryParser).expect(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.body);
    const ws = wb.getWorksheet('审计记录')!;
    expect(ws.getRow(2).values).toEqual(expect.arrayContaining(['时间', '事项', '操作人', '角色', '原值', '新值', '理由']));
    const rows = ws.getSheetValues().slice(3).filter(Boolean) as any[];
    expect(rows).toHaveLength(4);
    expect(rows.some((r) => r.includes('9.0') && r.includes('8.5') && r.includes('领导小组复核后再扣0.5分'))).toBe(true);

    const c = await t.http.get(`/subdistricts/${s.id}/audit.csv`).query({ type: 'ItemScored,MonthRecorded' }).set(t.as(s.users.admin))
      .buffer(true).parse(binaryParser).expect(200);
    expect(c.headers['content-type']).toContain('text/csv');
    const text = c.body.toString('utf8');
    expect(text.startsWith('\uFEFF序号,时间,事项')).toBe(true);
    expect(text).toContain('9.5,9.0,重点工作任务有一项未按期完成');
    expect(text).toContain('按时办结,19,17,工单系统数据复核后更正');
  });
});

describe('the event store is append-only, for the application’s database user and for the schema owner', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on events', async () => {
    const app = t.runtime.dataSource; // the pool the application itself uses: the runtime role, refused by privilege
    const owner = t.db.dataSource; // the schema owner: refused by the append-only triggers
    const [{ user }] = await app.query(`SELECT current_user AS user`);
    expect(new URL(t.runtime.databaseUrl).username || user).toBe(user);
    const [{ n: before }] = await app.query(`SELECT count(*)::int AS n FROM events`);
    for (const sql of [
      `UPDATE events SET reason = 'tampered' WHERE type = 'ItemScored'`,
      `DELETE FROM events WHERE type = 'ItemScored'`,
      `TRUNCATE events`,
    ]) await expect(app.query(sql)).rejects.toThrow(/permission denied for table events/);
    await expect(owner.query(`UPDATE events SET reason = 'tampered' WHERE type = 'ItemScored'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(owner.query(`UPDATE events SET payload = '{}' WHERE id = (SELECT max(id) FROM events)`)).rejects.toThrow(/append-only/);
    await expect(owner.query(`DELETE FROM events WHERE type = 'ItemScored'`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(owner.query(`DELETE FROM events`)).rejects.toThrow(/append-only/);
    await expect(owner.query(`TRUNCATE events`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(owner.query(`TRUNCATE events CASCADE`)).rejects.toThrow(/append-only/);
    const [{ n: after }] = await app.query(`SELECT count(*)::int AS n FROM events`);
    expect(after).toBe(before);
    const still = await t.http.get(`${stationUrl()}/audit`).query({ type: 'ItemScored' }).set(t.as(s.users.coordinator)).expect(200);
    expect(still.body.items.every((e: any) => e.reason !== 'tampered')).toBe(true);
  });
});
