/**
 * Hand-offs tell the next person (DOMAIN "Hand-offs: nobody has to poll"), through the HTTP API and the worker on
 * real PostgreSQL and Redis with a fake clock: a year of three stations walked from an early window to the release,
 * checking each recipient's inbox after each hand-off — the stations (window, recognition, extension, their result),
 * the coordinators (the 17:00 digest of submissions, a returned station, approval, an objection) and the leaders
 * (results submitted, in the inbox and over the webhook set for the leader). A station user never sees another
 * station's hand-off; each hand-off is told once, also when its message is handled again. Publicity is on (a policy
 * version written for the test) so an objection can be filed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ManualClock } from '@app/platform';
import { QUEUES } from '@app/messaging';
import { DeliveryQueue, insertNoticeDrafts, Notice } from '@app/notices';
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { SweepService } from '../apps/worker/src/notices/sweep.service';
import { HandOffNoticesService } from '../apps/worker/src/notices/handoff-notices.service';
import { settled, startWebhookReceiver, waitFor, WebhookReceiver } from './support/receivers';

jest.setTimeout(180_000);
const YEAR = 2026;
const VERSION = '2021-trial-publicity';
let t: TestApp;
let s: SeededSubdistrict;
let sweep: SweepService;
let configDir: string;
let hook: WebhookReceiver;

const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];
const SCORES = ['9', '9', '13', '13', '17', '16', '8'];
const base = () => `/subdistricts/${s.id}/years/${YEAR}`;
const st = (name: string) => s.stations.find((x) => x.name === name)!;
const url = (name: string) => `${base()}/stations/${st(name).id}`;
const coord = () => t.as(s.users.coordinator);
const leader = () => t.as(s.users.leader);
const A = '城东派出所';
const B = '城东司法所';
const C = '城东执法中队';

const submit = (name: string) => t.http.post(`${url(name)}/self-assessment/submit`).set(t.as(st(name).user))
  .field('scores', JSON.stringify(Object.fromEntries(ITEMS.map((k, i) => [k, SCORES[i]]))))
  .field('justifications', JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '年度工作说明']))))
  .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' }).expect(201);
async function score(name: string) {
  for (const [i, k] of ITEMS.entries()) {
    await t.http.put(`${url(name)}/scores/${i < 4 ? 'daily' : 'special'}/${k}`).set(coord()).send({ score: SCORES[i], reason: '测试分值' }).expect(200);
  }
  await t.http.post(`${url(name)}/scores/finalise`).set(coord()).expect(200);
}

/** Every committed hand-off handled by the worker and every delivery settled. */
async function handedOver() {
  const db = t.db.dataSource;
  await waitFor(async () => (await db.query(`SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL`))[0].n === 0, { what: 'outbox relayed' });
  const q = t.runtime.queues.queue(QUEUES.domainEvents);
  await waitFor(async () => Object.values(await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized')).every((n) => n === 0), { what: 'domain events handled' });
  await settled(db);
}

type Seen = [title: string, occasion: string, link: string | null];
/** A user's hand-offs in their inbox, oldest first: [title, occasion, console link]. */
async function handOffs(user: { id: string }): Promise<Seen[]> {
  const items: any[] = (await t.http.get('/inbox?limit=500').set(t.as(user)).expect(200)).body;
  return items.filter((i) => ['handoff', 'window_open', 'result_notice'].includes(i.kind)).reverse().map((i) => [i.title, i.occasion, i.link]);
}
const stationUser = (name: string) => st(name).user;

beforeAll(async () => {
  configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-config-'));
  fs.cpSync(path.resolve('config/calendars'), path.join(configDir, 'calendars'), { recursive: true });
  fs.mkdirSync(path.join(configDir, 'policies'));
  const policy = JSON.parse(fs.readFileSync(path.resolve('config/policies/2021-trial.json'), 'utf8'));
  fs.writeFileSync(path.join(configDir, 'policies', '2021-trial.json'), JSON.stringify(policy));
  fs.writeFileSync(path.join(configDir, 'policies', `${VERSION}.json`), JSON.stringify({ ...policy, version: VERSION, publicity: { enabled: true, workingDays: 5 } }));
  t = await createTestApp({ clock: new ManualClock('2026-11-20T10:00:00+08:00'), env: { CONFIG_DIR: configDir, SWEEP_SCHEDULER: 'off' } });
  sweep = t.app.get(SweepService, { strict: false });
  s = await seedSubdistrict(t.db.dataSource, {
    reachableDepartments: true,
    stations: [
      { name: A, kind: 'independent', department: '区公安分局', staff: ['张建国', '李明'] },
      { name: B, kind: 'regional', department: '区司法局', staff: ['赵敏'] },
      { name: C, kind: 'regional', department: '区综合行政执法局', staff: ['郑强'] },
    ],
  });
  await t.http.post(`/subdistricts/${s.id}/years`).set(coord()).send({ year: YEAR, policyVersion: VERSION }).expect(201);
  // the leader also reads work-chat-style webhooks: hand-offs go to the inbox and to the channels set
  hook = await startWebhookReceiver();
  await t.db.dataSource.query(`UPDATE users SET channels = '{inbox,webhook}', webhook_url = $2, webhook_secret = 'leader-webhook-secret' WHERE id = $1`, [s.users.leader.id, hook.url('/leader')]);
});
afterAll(async () => {
  await hook?.close();
  await t?.close();
  fs.rmSync(configDir, { recursive: true, force: true });
});

describe('GET /inbox', () => {
  it('answers a notice whose payload is empty by its title (was a 500)', async () => {
    const db = t.db.dataSource;
    const created = await insertNoticeDrafts(db, [{
      subdistrictId: s.id, year: YEAR, stationId: null, kind: 'handoff', recipient: { type: 'user', id: s.users.coordinator.id },
      occasion: 'legacy', occasionLabel: '旧通知', title: '旧通知', payload: {} as Notice,
    }], t.clock.now());
    await t.app.get(DeliveryQueue, { strict: false }).enqueue(created);
    await settled(db);
    const body = (await t.http.get('/inbox').set(coord()).expect(200)).body;
    expect(body).toEqual([expect.objectContaining({ title: '旧通知', subject: '旧通知', html: '<p>旧通知</p>', link: null })]);
    await db.query(`DELETE FROM inbox_items WHERE notice_id = $1`, [created[0].noticeId]);
  });
});

describe('hand-offs through a year', () => {
  it('window opened early by a coordinator → each station once (not again on 1 December)', async () => {
    await t.http.post(`${base()}/self-assessment-window`).set(coord()).expect(200);
    await handedOver();
    for (const name of [A, B, C]) {
      expect(await handOffs(stationUser(name))).toEqual([['关于开展2026年度派驻机构考核自评工作的通知', '11月20日自评开始通知', '/console/years/2026/station/self-assessment']]);
    }
    t.clock.set('2026-12-01T09:00:00+08:00');
    await sweep.run();
    await handedOver();
    expect(await handOffs(stationUser(A))).toHaveLength(1);
    expect(await handOffs(s.users.coordinator)).toEqual([]);
  });

  it('recognition verified or refused → that station only', async () => {
    t.clock.set('2026-12-10T10:00:00+08:00');
    const claim = (name: string, title: string) => t.http.post(`${url(name)}/recognitions`).set(t.as(stationUser(name)))
      .send({ level: 'city', title, issuer: '舟山市委政法委', recognisedOn: '2026-06-18', evidence: '简报第15期' }).expect(201);
    const a = await claim(A, '矛盾纠纷调解经验');
    const b = await claim(B, '法律服务进社区');
    await t.http.post(`${url(A)}/recognitions/${a.body.recognitionId}/verify`).set(coord()).send({}).expect(200);
    await t.http.post(`${url(B)}/recognitions/${b.body.recognitionId}/refuse`).set(coord()).send({ reason: '缺少正式文件' }).expect(200);
    await handedOver();
    expect((await handOffs(stationUser(A))).slice(1)).toEqual([['创新工作“矛盾纠纷调解经验”已认定', '12月10日创新工作认定', `/console/years/2026/stations/${st(A).id}/recognitions`]]);
    expect((await handOffs(stationUser(B))).slice(1)).toEqual([['创新工作“法律服务进社区”不予认定', '12月10日创新工作不予认定', `/console/years/2026/stations/${st(B).id}/recognitions`]]);
    expect((await handOffs(stationUser(C))).slice(1)).toEqual([]);
  });

  it('self-assessments submitted → the coordinators, one digest at 17:00 for several, none on a day without', async () => {
    t.clock.set('2026-12-20T10:00:00+08:00');
    await submit(A);
    t.clock.set('2026-12-20T15:00:00+08:00');
    await submit(B);
    t.clock.set('2026-12-20T16:59:00+08:00');
    await sweep.run();
    await handedOver();
    expect(await handOffs(s.users.coordinator)).toEqual([]);
    for (const at of ['2026-12-20T17:00:30+08:00', '2026-12-20T17:01:00+08:00', '2026-12-20T17:02:00+08:00', '2026-12-20T23:59:00+08:00']) {
      t.clock.set(at);
      await sweep.run();
    }
    await handedOver();
    const digest: Seen = ['2个站所提交了2026年度自评表，请评分', '12月20日自评提交汇总', '/console/years/2026/board?milestone=scoring'];
    expect(await handOffs(s.users.coordinator)).toEqual([digest]);
    const [item] = (await t.http.get('/inbox?kind=handoff').set(coord()).expect(200)).body;
    expect(item.html).toContain('城东派出所');
    expect(item.html).toContain('城东司法所');
    t.clock.set('2026-12-21T17:01:00+08:00');
    await sweep.run();
    await handedOver();
    expect(await handOffs(s.users.coordinator)).toEqual([digest]);
    for (const name of [A, B, C]) expect(JSON.stringify(await handOffs(stationUser(name)))).not.toContain('自评提交汇总');
  });

  it('extension granted → that station; its late submission reaches the next digest', async () => {
    t.clock.set('2027-01-01T00:00:00+08:00');
    await sweep.run(); // passes the deadline: 城东执法中队 is overdue
    t.clock.set('2027-01-04T10:00:00+08:00');
    await t.http.post(`${url(C)}/extension`).set(coord()).send({ until: '2027-01-10', reason: '主要负责人外出学习' }).expect(200);
    await handedOver();
    expect((await handOffs(stationUser(C))).slice(1)).toEqual([['2026年度自评表提交期限已延长至2027年1月10日', '1月4日准予延期', `/console/years/2026/stations/${st(C).id}/self-assessment`]]);
    for (const name of [A, B]) expect(JSON.stringify(await handOffs(stationUser(name)))).not.toContain('延期');
    t.clock.set('2027-01-05T09:00:00+08:00');
    await submit(C);
    t.clock.set('2027-01-05T17:01:00+08:00');
    await sweep.run();
    await handedOver();
    const coordinator = await handOffs(s.users.coordinator);
    expect(coordinator.map((x) => x[0])).toEqual(['2个站所提交了2026年度自评表，请评分', '1个站所提交了2026年度自评表，请评分']);
    const [item] = (await t.http.get('/inbox?kind=handoff').set(coord()).expect(200)).body;
    expect(item.html).toContain('城东执法中队');
    expect(item.html).toContain('逾期提交');
  });

  it('results submitted → the leaders; one station returned → the coordinators; approved → the coordinators', async () => {
    t.clock.set('2027-01-08T10:00:00+08:00');
    for (const name of [A, B, C]) {
      await t.http.post(`${url(name)}/months/waivers`).set(coord()).send({ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], reason: '测试：不录入月度记录' }).expect(200);
      await score(name);
    }
    await t.http.post(`${base()}/results/compute`).set(coord()).expect(200);
    await t.http.post(`${base()}/results/submit`).set(coord()).expect(200);
    await handedOver();
    const submitted: Seen = ['2026年度考核结果待审定', '1月8日结果提交审定', '/console/years/2026/results'];
    expect(await handOffs(s.users.leader)).toEqual([submitted]);
    expect(hook.hits.map((h) => [h.path, h.body.notice.title, h.body.notice.data.link])).toEqual([
      ['/leader', '2026年度考核结果待审定', expect.stringMatching(/^http:\/\/localhost:\d+\/console\/years\/2026\/results$/)],
    ]);
    await t.http.post(`${base()}/results/return`).set(leader()).send({ stationId: st(B).id, reason: '满意度得分偏高，请复核' }).expect(200);
    await handedOver();
    expect((await handOffs(s.users.coordinator)).slice(2)).toEqual([
      ['城东司法所2026年度测评得分被退回重新评分', '1月8日退回重新评分', `/console/years/2026/stations/${st(B).id}/scores`],
    ]);
    await t.http.post(`${url(B)}/scores/finalise`).set(coord()).expect(200);
    t.clock.set('2027-01-11T10:00:00+08:00');
    await t.http.post(`${base()}/results/compute`).set(coord()).expect(200);
    await t.http.post(`${base()}/results/submit`).set(coord()).expect(200);
    await t.http.post(`${base()}/results/approve`).set(leader()).send({}).expect(200);
    await handedOver();
    expect(await handOffs(s.users.leader)).toEqual([submitted, ['2026年度考核结果待审定', '1月11日结果提交审定', '/console/years/2026/results']]);
    expect((await handOffs(s.users.coordinator)).slice(3)).toEqual([['2026年度考核结果已审定', '1月11日结果审定', '/console/years/2026/results']]);
    for (const name of [A, B, C]) expect(JSON.stringify(await handOffs(stationUser(name)))).not.toMatch(/审定|退回/);
  });

  it('objection filed → the coordinators; released → each station its own result', async () => {
    t.clock.set('2027-01-12T10:00:00+08:00');
    const filed = await t.http.post(`${url(C)}/objections`).set(t.as(stationUser(C))).send({ text: '工单办理得分与实际不符' }).expect(201);
    await handedOver();
    expect((await handOffs(s.users.coordinator)).slice(4)).toEqual([['城东执法中队2026年度考核结果收到异议', '1月12日收到异议', '/console/years/2026/results']]);
    await t.http.post(`${base()}/objections/${filed.body.objectionId}/answer`).set(leader()).send({ upheld: false, reason: '评分依据充分，维持原结果' }).expect(200);
    t.clock.set('2027-01-20T10:00:00+08:00');
    await sweep.run(); // the publicity period has ended
    await t.http.post(`${base()}/results/release`).set(leader()).send({}).expect(200);
    await handedOver();
    for (const name of [A, B, C]) {
      const own = (await handOffs(stationUser(name))).filter((x) => x[0].includes('考核结果'));
      expect(own).toEqual([[expect.stringContaining('考核结果'), '1月20日考核结果抄告', `/console/years/2026/stations/${st(name).id}/result`]]);
      const items: any[] = (await t.http.get('/inbox?kind=result_notice').set(t.as(stationUser(name))).expect(200)).body;
      expect(items.map((i) => i.stationId)).toEqual([st(name).id]);
    }
  });

  it('each hand-off is told once: handling every hand-off message again adds nothing', async () => {
    const db = t.db.dataSource;
    const count = async () => (await db.query(`SELECT count(*)::int AS n FROM notices WHERE kind IN ('handoff', 'window_open')`))[0].n;
    const before = await count();
    const events: { id: string }[] = await db.query(`SELECT payload->>'eventId' AS id FROM outbox WHERE name = 'HandOff' ORDER BY id`);
    expect(events).toHaveLength(9); // window, 2 recognitions, extension, 2 submissions for approval, return, approval, objection
    const service = t.app.get(HandOffNoticesService, { strict: false });
    for (const e of events) expect(await service.issue(e.id)).toEqual({ notices: 0, deliveries: 0 });
    await sweep.run();
    expect(await count()).toBe(before);
  });
});
