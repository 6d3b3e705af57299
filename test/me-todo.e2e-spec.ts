/**
 * GET /me/todo per role through a year: each hand-off shows up in the to-do list (待办) of the person it reaches
 * and leaves it once done; what a person did shows in their 已办. Two stations, the real API and a fake clock.
 */
import { CommandBus } from '@nestjs/cqrs';
import { PassDeadlineCommand } from '@app/assessment';
import { SYSTEM_ACTOR } from '@app/platform';
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;

const ITEMS = { daily: ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding'], special: ['platformParticipation', 'workOrders', 'satisfaction'] };
const monthData = { meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 20, onTime: 19, overdue: 1, returnedForShirking: 0, falsified: 0 }, complaints: 0, satisfaction: { surveyed: 30, satisfied: 29 } };
const base = () => `/subdistricts/${s.id}/years/${YEAR}`;
const A = () => s.stations[0];
const B = () => s.stations[1];
const url = (st: { id: string }) => `${base()}/stations/${st.id}`;

type Item = { kind: string; title: string; link: string; stationId: string | null; deadline: string | null; deadlineText: string | null; count: number | null; overdue: boolean };
async function todo(user: { id: string }): Promise<{ items: Item[]; done: { type: string; typeLabel: string }[] }> {
  return (await t.http.get('/me/todo').set(t.as(user)).expect(200)).body;
}
const kinds = (items: Item[]) => items.map((i) => i.kind);

async function scoreAll(st: { id: string }) {
  for (const k of ITEMS.special) await t.http.put(`${url(st)}/scores/special/${k}`).set(t.as(s.users.command_room)).send({ score: '8', reason: '平台数据有欠缺' }).expect(200);
  for (const k of ITEMS.daily) await t.http.put(`${url(st)}/scores/daily/${k}`).set(t.as(s.users.coordinator)).send({ score: '8', reason: '年度工作有欠缺' }).expect(200);
}

beforeAll(async () => {
  t = await createTestApp();
  s = await seedSubdistrict(t.db.dataSource, {
    reachableDepartments: true,
    stations: [
      { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明'] },
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏', '孙磊'] },
    ],
  });
  t.clock.set('2026-11-20T10:00:00+08:00');
  await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /me/todo', () => {
  it('needs a login, and answers every role', async () => {
    await t.http.get('/me/todo').expect(401);
    for (const user of [A().user, s.users.command_room, s.users.coordinator, s.users.leader, s.users.admin]) {
      const body = await todo(user);
      expect(body).toEqual({ generatedAt: expect.any(String), items: expect.any(Array), done: expect.any(Array) });
    }
  });

  it('command room: the months it has not recorded, per station, until recorded', async () => {
    const before = await todo(s.users.command_room);
    const missing = before.items.filter((i) => i.kind === 'records.missing');
    expect(missing.map((i) => i.stationId).sort()).toEqual([A().id, B().id].sort());
    const a = missing.find((i) => i.stationId === A().id)!;
    expect(a).toMatchObject({
      title: '城东派出所：1月、2月、3月、4月、5月、6月、7月、8月、9月、10月的月度记录未录入', count: 10, overdue: true,
      link: `/console/years/${YEAR}/stations/${A().id}/records`, deadlineText: '2026年2月5日',
    });
    for (let month = 1; month <= 10; month++) await t.http.put(`${url(A())}/months/${month}/special`).set(t.as(s.users.command_room)).send(monthData).expect(200);
    const after = await todo(s.users.command_room);
    expect(after.items.filter((i) => i.kind === 'records.missing').map((i) => i.stationId)).toEqual([B().id]);
    expect(after.done[0]).toMatchObject({ type: 'MonthRecorded', typeLabel: '记录月度数据' });
    expect(after.done).toHaveLength(10);
    // the coordinator sees the late stations as one line leading to the board
    expect((await todo(s.users.coordinator)).items.find((i) => i.kind === 'stations.late')).toMatchObject({
      count: 1, link: `/console/years/${YEAR}/board?milestone=months&lateOnly=true`,
    });
  });

  it('admin (and coordinators): the coming year’s official holiday schedule is missing', async () => {
    const admin = await todo(s.users.admin);
    expect(admin.items.find((i) => i.kind === 'calendar.missing')).toMatchObject({ title: '载入2027年节假日安排', link: '/console/admin/calendars' });
    expect(kinds((await todo(s.users.leader)).items)).not.toContain('calendar.missing');
  });

  it('station: the self-assessment to fill while the window is open, with its 31 December deadline', async () => {
    expect(kinds((await todo(A().user)).items)).not.toContain('selfAssessment.submit');
    t.clock.set('2026-12-02T09:00:00+08:00');
    await t.http.post(`${base()}/self-assessment-window`).set(t.as(s.users.coordinator)).expect(200);
    const { items } = await todo(A().user);
    expect(items.find((i) => i.kind === 'selfAssessment.submit')).toMatchObject({
      title: `填写并提交${YEAR}年度自评表`, deadline: '2026-12-31T16:00:00.000Z', deadlineText: '2026年12月31日', overdue: false,
      stationId: A().id, link: `/console/years/${YEAR}/stations/${A().id}/self-assessment`,
    });
    // only its own station's work
    expect(items.every((i) => i.stationId === null || i.stationId === A().id)).toBe(true);
    await t.http.put(`${url(A())}/self-assessment`).set(t.as(A().user)).send({ scores: { serveCentre: '9' }, justifications: {} }).expect(200);
    expect((await todo(A().user)).items.find((i) => i.kind === 'selfAssessment.submit')!.title).toBe(`继续填写并提交${YEAR}年度自评表`);
  });

  it('coordinator: recognitions to verify; station: a refused one to claim again', async () => {
    const added = await t.http.post(`${url(A())}/recognitions`).set(t.as(s.users.coordinator))
      .send({ level: 'city', title: '矛盾纠纷调解经验', issuer: '舟山市委政法委', recognisedOn: '2026-06-18', evidence: '简报第15期' }).expect(201);
    expect((await todo(s.users.coordinator)).items.find((i) => i.kind === 'recognitions.verify')).toMatchObject({
      title: '核实创新工作：矛盾纠纷调解经验', stationId: A().id, link: `/console/years/${YEAR}/stations/${A().id}/recognitions`,
    });
    await t.http.post(`${url(A())}/recognitions/${added.body.recognitionId}/refuse`).set(t.as(s.users.coordinator)).send({ reason: '缺少正式文件' }).expect(200);
    expect(kinds((await todo(s.users.coordinator)).items)).not.toContain('recognitions.verify');
    expect((await todo(A().user)).items.find((i) => i.kind === 'recognition.refused')).toMatchObject({
      title: '创新工作“矛盾纠纷调解经验”不予认定', link: `/console/years/${YEAR}/stations/${A().id}/recognitions`,
    });
  });

  it('after the deadline: the overdue station is told to ask for an extension; the coordinator sees it and what to score', async () => {
    // every month due by the deadline is recorded (results wait for it)
    await t.http.put(`${url(A())}/months/11/special`).set(t.as(s.users.command_room)).send(monthData).expect(200);
    for (let month = 1; month <= 11; month++) await t.http.put(`${url(B())}/months/${month}/special`).set(t.as(s.users.command_room)).send(monthData).expect(200);
    const sa = { scores: Object.fromEntries([...ITEMS.daily, ...ITEMS.special].map((k) => [k, '8'])), justifications: Object.fromEntries([...ITEMS.daily, ...ITEMS.special].map((k) => [k, '说明'])) };
    await t.http.post(`${url(A())}/self-assessment/submit`).set(t.as(A().user))
      .field('scores', JSON.stringify(sa.scores)).field('justifications', JSON.stringify(sa.justifications))
      .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' }).expect(201);
    expect(kinds((await todo(A().user)).items)).not.toContain('selfAssessment.submit');
    expect((await todo(A().user)).done[0]).toMatchObject({ type: 'SelfAssessmentSubmitted', typeLabel: '提交自评表' });
    t.clock.set('2027-01-01T00:00:00+08:00');
    await t.app.get(CommandBus).execute(new PassDeadlineCommand(SYSTEM_ACTOR, { subdistrictId: s.id, year: YEAR }));
    expect((await todo(B().user)).items.find((i) => i.kind === 'selfAssessment.overdue')).toMatchObject({ overdue: true, deadlineText: '2026年12月31日' });
    const coordinator = await todo(s.users.coordinator);
    expect(coordinator.items.find((i) => i.kind === 'stations.overdue')).toMatchObject({ count: 1 });
    expect(coordinator.items.find((i) => i.kind === 'scoring.pending')).toMatchObject({ count: 1, link: `/console/years/${YEAR}/board?milestone=scoring` });
    expect(coordinator.items[0].overdue).toBe(true); // overdue work first
  });

  it('coordinator: finalise a fully scored station, then compute and submit; leader: approve, then release; station: read the result', async () => {
    await scoreAll(A());
    expect((await todo(s.users.coordinator)).items.find((i) => i.kind === 'scores.finalise')).toMatchObject({
      title: '确定城东派出所的测评得分', link: `/console/years/${YEAR}/stations/${A().id}/scores`,
    });
    await t.http.post(`${url(A())}/scores/finalise`).set(t.as(s.users.coordinator)).expect(200);
    await scoreAll(B());
    await t.http.post(`${url(B())}/scores/finalise`).set(t.as(s.users.coordinator)).expect(200);
    expect(kinds((await todo(s.users.coordinator)).items)).toContain('results.compute');
    await t.http.post(`${base()}/results/compute`).set(t.as(s.users.coordinator)).expect(200);
    const computed = kinds((await todo(s.users.coordinator)).items);
    expect(computed).toContain('results.submit');
    expect(computed).not.toContain('results.compute');
    expect(kinds((await todo(s.users.leader)).items)).not.toContain('results.approve');
    await t.http.post(`${base()}/results/submit`).set(t.as(s.users.coordinator)).expect(200);
    expect((await todo(s.users.leader)).items.find((i) => i.kind === 'results.approve')).toMatchObject({ link: `/console/years/${YEAR}/results` });
    // returned: the coordinator rescores that station
    await t.http.post(`${base()}/results/return`).set(t.as(s.users.leader)).send({ stationId: B().id, reason: '满意度得分偏高，请复核' }).expect(200);
    expect((await todo(s.users.coordinator)).items.find((i) => i.kind === 'station.rescore')).toMatchObject({
      stationId: B().id, detail: '退回理由：满意度得分偏高，请复核',
    });
    await t.http.post(`${url(B())}/scores/finalise`).set(t.as(s.users.coordinator)).expect(200);
    await t.http.post(`${base()}/results/compute`).set(t.as(s.users.coordinator)).expect(200);
    await t.http.post(`${base()}/results/submit`).set(t.as(s.users.coordinator)).expect(200);
    await t.http.post(`${base()}/results/approve`).set(t.as(s.users.leader)).send({}).expect(200);
    const leader = await todo(s.users.leader);
    expect(kinds(leader.items)).toEqual(expect.arrayContaining(['results.release']));
    expect(kinds(leader.items)).not.toContain('results.approve');
    expect(leader.done.map((d) => d.type)).toEqual(expect.arrayContaining(['ResultsApproved', 'StationReturned']));
    await t.http.post(`${base()}/results/release`).set(t.as(s.users.leader)).send({}).expect(200);
    expect(kinds((await todo(s.users.leader)).items)).not.toContain('results.release');
    expect((await todo(A().user)).items.find((i) => i.kind === 'result.read')).toMatchObject({ link: `/console/years/${YEAR}/stations/${A().id}/result` });
  });
});
