/**
 * Delivery over real channels: a local webhook receiver and a local SMTP server count what arrives.
 * Every notice arrives exactly once; a receiver that fails twice then succeeds gets it after retries (same
 * Idempotency-Key each time, delivered once); one that always fails ends failed, visible to coordinators, with a
 * delivery_failed notice in their inbox, and a coordinator's retry delivers it. Then the year is scored and
 * released: three 抄告 notices per station, one number shared by the three, the e-mail carries the PDF, the PDF
 * endpoint's file parses back with the station's name and grade in Chinese, and every station becomes notified.
 */
import { createTestApp, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { ManualClock } from '@app/platform';
import { readPdfText } from '../libs/notices/src/render/pdf-text.testing';
import { SweepService } from '../apps/worker/src/notices/sweep.service';
import { settled, SmtpReceiver, startSmtpReceiver, startWebhookReceiver, waitFor, WebhookReceiver } from './support/receivers';

jest.setTimeout(120_000);
const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;
let sweep: SweepService;
let hook: WebhookReceiver;
let smtp: SmtpReceiver;

const st = (name: string) => s.stations.find((x) => x.name === name)!;
const stationUrl = (name: string) => `/subdistricts/${s.id}/years/${YEAR}/stations/${st(name).id}`;
const hits = (path: string) => hook.hits.filter((h) => h.path === path);
const SCORES: Record<string, { daily: string[]; special: string[] }> = {
  城东派出所: { daily: ['9.5', '9', '14', '14'], special: ['19', '18.5', '9'] },
  城东司法所: { daily: ['8', '8', '12', '12'], special: ['16', '16', '8'] },
  城东执法中队: { daily: ['5', '5', '8', '8'], special: ['10', '10', '5'] },
};
const DAILY = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding'];
const SPECIAL = ['platformParticipation', 'workOrders', 'satisfaction'];

beforeAll(async () => {
  hook = await startWebhookReceiver();
  smtp = await startSmtpReceiver();
  t = await createTestApp({
    clock: new ManualClock('2026-11-30T10:00:00+08:00'),
    env: { SWEEP_SCHEDULER: 'off', NOTICE_RETRY_BASE_MS: '150', NOTICE_RETRY_MAX_ATTEMPTS: '3', SMTP_URL: smtp.url, MAIL_FROM: '"城东街道考核领导小组" <kaohe@chengdong.example.gov.cn>', WEBHOOK_SECRET: 'test-secret-0123456789' },
  });
  sweep = t.app.get(SweepService, { strict: false });
  s = await seedSubdistrict(t.db.dataSource, {
    reachableDepartments: true, // every 抄告 needs a reader: the departments get an e-mail address
    stations: [
      { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明'] },
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏', '孙磊'] },
      { name: '城东执法中队', kind: 'regional', department: '区综合行政执法局', staff: ['郑强'] },
    ],
  });
  const q = (sql: string, p: unknown[]) => t.db.dataSource.query(sql, p);
  await q(`UPDATE stations SET channels = '{inbox,webhook,email}', webhook_url = $2, email = 'paichusuo@example.cn' WHERE id = $1`, [st('城东派出所').id, hook.url('/ok')]);
  await q(`UPDATE stations SET channels = '{webhook}', webhook_url = $2 WHERE id = $1`, [st('城东司法所').id, hook.url('/flaky')]);
  await q(`UPDATE stations SET channels = '{webhook}', webhook_url = $2, webhook_secret = 'own-secret' WHERE id = $1`, [st('城东执法中队').id, hook.url('/down')]);
  hook.behaviour.set('/flaky', (n) => (n < 2 ? 503 : 200));
  hook.behaviour.set('/down', () => 500);
});
afterAll(async () => {
  await t?.close();
  await hook?.close();
  await smtp?.close();
});

describe('delivery over webhook and e-mail', () => {
  it('delivers the window-open notice once per channel; retries the flaky receiver; fails the dead one', async () => {
    await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
    t.clock.set('2026-12-01T09:00:00+08:00');
    for (let i = 0; i < 3; i++) await sweep.run();
    await settled(t.db.dataSource);

    expect(hits('/ok')).toHaveLength(1);
    expect(hits('/ok')[0].body).toMatchObject({ msgtype: 'markdown', notice: { kind: 'reminder' } });
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].to).toEqual(['paichusuo@example.cn']);
    const flaky = hits('/flaky');
    expect(flaky).toHaveLength(3);
    expect(new Set(flaky.map((h) => h.key)).size).toBe(1);
    expect(hits('/down')).toHaveLength(3);

    const rows = await t.db.dataSource.query(
      `SELECT st.name, d.channel, d.status, d.attempts FROM deliveries d JOIN notices n ON n.id = d.notice_id JOIN stations st ON st.id = n.recipient_id
        WHERE n.kind = 'window_open' ORDER BY st.name, d.channel`);
    expect(rows).toEqual(expect.arrayContaining([
      { name: '城东派出所', channel: 'email', status: 'delivered', attempts: 1 },
      { name: '城东派出所', channel: 'inbox', status: 'delivered', attempts: 1 },
      { name: '城东派出所', channel: 'webhook', status: 'delivered', attempts: 1 },
      { name: '城东司法所', channel: 'webhook', status: 'delivered', attempts: 3 },
      { name: '城东执法中队', channel: 'webhook', status: 'failed', attempts: 3 },
    ]));
  });

  it('shows the failure to coordinators (API and inbox) and a coordinator’s retry delivers it', async () => {
    const failed = (await t.http.get(`/subdistricts/${s.id}/deliveries?status=failed`).set(t.as(s.users.coordinator)).expect(200)).body;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ channel: 'webhook', status: 'failed', attempts: 3, lastError: expect.stringContaining('HTTP 500'),
      notice: { kind: 'window_open', recipient: { type: 'station', id: st('城东执法中队').id } } });
    await t.http.get(`/subdistricts/${s.id}/deliveries?status=failed`).set(t.as(s.users.command_room)).expect(403);
    await t.http.post(`/subdistricts/${s.id}/deliveries/${failed[0].id}/retry`).set(t.as(s.users.leader)).expect(403);

    await settled(t.db.dataSource);
    const inbox = (await t.http.get('/inbox').set(t.as(s.users.coordinator)).expect(200)).body;
    const alarm = inbox.find((i: any) => i.kind === 'delivery_failed');
    expect(alarm.html).toContain('城东执法中队');

    hook.behaviour.set('/down', () => 200);
    await t.http.post(`/subdistricts/${s.id}/deliveries/${failed[0].id}/retry`).set(t.as(s.users.coordinator)).expect(200);
    // the first retry set it pending in its own transaction: whether or not it is delivered yet, it is not failed
    const again = await t.http.post(`/subdistricts/${s.id}/deliveries/${failed[0].id}/retry`).set(t.as(s.users.coordinator)).expect(409);
    expect(again.body.code).toBe('STATE_CONFLICT');
    expect(again.body.state).not.toBe('failed');
    await settled(t.db.dataSource);
    const [d] = await t.db.dataSource.query(`SELECT status, attempts FROM deliveries WHERE id = $1`, [failed[0].id]);
    expect(d).toEqual({ status: 'delivered', attempts: 1 });
    expect(hits('/down')).toHaveLength(4);
    expect(new Set(hits('/down').map((h) => h.key))).toEqual(new Set([failed[0].id]));
  });

  it('more sweeps send nothing again', async () => {
    const before = hook.hits.length;
    for (let i = 0; i < 5; i++) await sweep.run();
    await settled(t.db.dataSource);
    await new Promise((r) => setTimeout(r, 300));
    expect(hook.hits.length).toBe(before);
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('抄告 notices on release', () => {
  it('scores, approves and releases the year', async () => {
    t.clock.set('2027-01-01T00:00:00+08:00');
    await sweep.run(); // nobody submitted: all overdue
    for (const name of Object.keys(SCORES)) {
      await t.http.post(`${stationUrl(name)}/months/waivers`).set(t.as(s.users.coordinator))
        .send({ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], reason: '测试：不录入月度记录' }).expect(200);
      const sc = SCORES[name];
      for (const [i, k] of SPECIAL.entries()) {
        await t.http.put(`${stationUrl(name)}/scores/special/${k}`).set(t.as(s.users.command_room)).send({ score: sc.special[i], comment: '依据四个平台数据', reason: '测试分值，不依据平时记录' }).expect(200);
      }
      for (const [i, k] of DAILY.entries()) {
        await t.http.put(`${stationUrl(name)}/scores/daily/${k}`).set(t.as(s.users.coordinator)).send({ score: sc.daily[i], reason: '测试分值，不依据平时记录' }).expect(200);
      }
      await t.http.post(`${stationUrl(name)}/scores/finalise`).set(t.as(s.users.coordinator)).expect(200);
    }
    const base = `/subdistricts/${s.id}/years/${YEAR}`;
    await t.http.post(`${base}/results/compute`).set(t.as(s.users.coordinator)).expect(200);
    await t.http.post(`${base}/results/submit`).set(t.as(s.users.coordinator)).expect(200);
    await t.http.post(`${base}/results/approve`).set(t.as(s.users.leader)).send({}).expect(200);
    t.clock.set('2027-01-20T10:00:00+08:00');
    await t.http.post(`${base}/results/release`).set(t.as(s.users.leader)).send({}).expect(200);
  });

  it('issues three numbered notices per station, delivers each once, and every station becomes notified', async () => {
    await waitFor(async () => {
      const rows = await t.db.dataSource.query(`SELECT state FROM station_years WHERE subdistrict_id = $1`, [s.id]);
      return rows.every((r: any) => r.state === 'notified');
    }, { what: 'all stations notified', timeoutMs: 60_000 });
    const notices = await t.db.dataSource.query(
      `SELECT st.name, n.number, n.recipient_type, n.recipient_id, n.payload->>'recipientRole' AS role
         FROM notices n JOIN stations st ON st.id = n.station_id WHERE n.kind = 'result_notice' ORDER BY n.number, role`);
    expect(notices).toHaveLength(9);
    const numbers = new Map<string, Set<string>>();
    for (const n of notices) numbers.set(n.name, (numbers.get(n.name) ?? new Set()).add(n.number));
    expect([...numbers.values()].map((v) => v.size)).toEqual([1, 1, 1]);
    expect([...numbers.entries()].map(([k, v]) => [k, [...v][0]]).sort()).toEqual([
      ['城东司法所', '城东考〔2026〕2号'], ['城东执法中队', '城东考〔2026〕3号'], ['城东派出所', '城东考〔2026〕1号'],
    ].sort());
    expect(notices.filter((n: any) => n.role === 'organisation_department').every((n: any) => n.recipient_id === s.hrDepartmentId)).toBe(true);

    const [c] = await t.db.dataSource.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE d.status = 'delivered')::int AS delivered
         FROM deliveries d JOIN notices n ON n.id = d.notice_id WHERE n.kind = 'result_notice'`);
    // 9 notices: the police station's own has 3 channels, each department's (3 dispatching + 3 HR copies) inbox and e-mail
    expect(c).toEqual({ total: 17, delivered: 17 });
    // the police station's e-mail carries the PDF
    const mail = smtp.messages.find((m) => m.raw.includes('application/pdf'));
    expect(mail).toBeDefined();
    const resultHooks = hook.hits.filter((h) => h.body?.notice?.kind === 'result_notice');
    expect(resultHooks).toHaveLength(3);
    expect(new Set(resultHooks.map((h) => h.key)).size).toBe(3);
  });

  it('the PDF of a notice parses back with the station’s name and grade in Chinese', async () => {
    const [n] = await t.db.dataSource.query(
      `SELECT n.id, n.payload->>'grade' AS grade FROM notices n WHERE n.kind = 'result_notice' AND n.recipient_id = $1`, [st('城东派出所').id]);
    const res = await t.http.get(`/subdistricts/${s.id}/notices/${n.id}.pdf`).set(t.as(s.users.coordinator))
      .buffer(true).parse((r, cb) => { const b: Buffer[] = []; r.on('data', (x: Buffer) => b.push(x)); r.on('end', () => cb(null, Buffer.concat(b))); })
      .expect(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const { text } = await readPdfText(res.body);
    const label = { excellent: '优秀', good: '良好', qualified: '合格', unqualified: '不合格' }[n.grade as string]!;
    expect(text.replace(/\s+/g, '')).toContain('城东派出所');
    expect(text.replace(/\s+/g, '')).toContain(`考核等次为${label}`);
    expect(text.replace(/\s+/g, '')).toContain('城东考〔2026〕1号');
  });
});
