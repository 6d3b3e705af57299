/**
 * A user's own channels (#15 item 5): the admin gives a user a DingTalk robot (signed, 加签) or a WeCom robot through
 * the users API — validated, the token, secret and key write-only (the answers, the list and the events say only
 * that one is set) — and a notice addressed to that user (the sweep's calendar warning to coordinators) reaches the
 * robot, signed as DingTalk documents it, beside the inbox.
 */
import { createTestApp, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { ManualClock } from '@app/platform';
import { SweepService } from '../apps/main/src/index';
import { settled } from './support/receivers';
import { RobotReceivers, startRobotReceivers } from './support/robots';

const TOKEN = 'dt-token-user-wang-0001';
const SECRET = 'SEC-user-wang-0123456789abcdef0123456789';
const WECOM_KEY = 'wecom-key-user-li-0001';
let t: TestApp;
let s: SeededSubdistrict;
let robots: RobotReceivers;

beforeAll(async () => {
  robots = await startRobotReceivers({ dingtalkSecrets: { [TOKEN]: SECRET }, perWindow: 20, windowMs: 60_000 });
  t = await createTestApp({
    clock: new ManualClock('2026-11-30T10:00:00+08:00'),
    env: { SWEEP_SCHEDULER: 'off', DINGTALK_BASE_URL: robots.dingtalkBaseUrl, WECOM_BASE_URL: robots.wecomBaseUrl, CONSOLE_BASE_URL: 'http://kaohe.chengdong.test/console/' },
  });
  s = await seedSubdistrict(t.db.dataSource, { stations: [{ name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国'] }] });
});
afterAll(async () => {
  await t?.close();
  await robots?.close();
});

const users = () => `/subdistricts/${s.id}/users`;
const admin = () => t.as(s.users.admin);
/** No answer ever carries a robot's token, secret or key. */
const noSecrets = (text: string) => [TOKEN, SECRET, WECOM_KEY].filter((x) => text.includes(x));

it('validates a user’s robots and never shows their secrets', async () => {
  const missing = await t.http.post(users()).set(admin()).send({ username: 'cd.li', displayName: '城东协调组 李四', role: 'coordinator', channels: ['wecom'] }).expect(400);
  expect(missing.body.details).toEqual([expect.objectContaining({ field: 'wecomKey' })]);
  const short = await t.http.post(users()).set(admin()).send({ username: 'cd.li', displayName: '城东协调组 李四', role: 'coordinator', channels: ['dingtalk'], dingtalkToken: 'short' }).expect(400);
  expect(short.body.details.map((d: any) => d.field)).toEqual(['dingtalkToken']);
  const badChannel = await t.http.post(users()).set(admin()).send({ username: 'cd.li', displayName: '城东协调组 李四', role: 'coordinator', channels: ['pager'] }).expect(400);
  expect(badChannel.body.details.map((d: any) => d.field)).toEqual(['channels']);

  const created = await t.http.post(users()).set(admin())
    .send({ username: 'cd.li', displayName: '城东协调组 李四', role: 'coordinator', channels: ['inbox', 'wecom'], wecomKey: WECOM_KEY }).expect(201);
  expect(created.body).toMatchObject({ channels: ['inbox', 'wecom'], hasWecomRobot: true, hasDingtalkRobot: false, hasDingtalkSecret: false });
  expect(noSecrets(created.text)).toEqual([]);

  // the seeded coordinator gets a signed DingTalk robot; inbox stays
  const [row] = await t.db.dataSource.query(`SELECT version FROM users WHERE id = $1`, [s.users.coordinator.id]);
  const updated = await t.http.patch(`${users()}/${s.users.coordinator.id}`).set(admin())
    .send({ version: row.version, channels: ['inbox', 'dingtalk'], dingtalkToken: TOKEN, dingtalkSecret: SECRET }).expect(200);
  expect(updated.body).toMatchObject({ channels: ['inbox', 'dingtalk'], hasDingtalkRobot: true, hasDingtalkSecret: true, hasWecomRobot: false });
  expect(noSecrets(updated.text)).toEqual([]);
  // removing the robot while its channel stays is refused, naming the field
  const orphan = await t.http.patch(`${users()}/${s.users.coordinator.id}`).set(admin()).send({ version: updated.body.version, dingtalkToken: null }).expect(400);
  expect(orphan.body.details.map((d: any) => d.field)).toEqual(['dingtalkToken']);

  const list = await t.http.get(`${users()}?role=coordinator`).set(admin()).expect(200);
  const robotsOf = Object.fromEntries(list.body.map((u: any) => [u.id, [u.hasDingtalkRobot, u.hasWecomRobot]]));
  expect(robotsOf[created.body.id]).toEqual([false, true]);
  expect(robotsOf[s.users.coordinator.id]).toEqual([true, false]);
  expect(noSecrets(list.text)).toEqual([]);
  // the change is recorded without the secrets themselves
  const events = await t.db.dataSource.query(`SELECT payload::text AS p FROM events WHERE stream_type = 'user'`);
  expect(events.length).toBeGreaterThanOrEqual(2);
  expect(events.flatMap((e: any) => noSecrets(e.p))).toEqual([]);
});

it('delivers a notice addressed to a user to that user’s robots (DingTalk signed, WeCom), beside the inbox', async () => {
  // 30 November, the coming year's holidays not official: the sweep warns every coordinator of the subdistrict
  const [{ id: li }] = await t.db.dataSource.query(`SELECT id FROM users WHERE username = 'cd.li'`);
  await t.app.get(SweepService, { strict: false }).run();
  await settled(t.db.dataSource, 60_000);
  expect(robots.badSignatures).toEqual([]);
  const ding = robots.hits.filter((h) => h.vendor === 'dingtalk');
  expect(ding.map((h) => h.robot)).toEqual([TOKEN]);
  expect(ding[0].body.markdown.title).toContain('2027');
  expect(ding[0].body.markdown.text).toContain('http://kaohe.chengdong.test/console/');
  const wecom = robots.hits.filter((h) => h.vendor === 'wecom');
  expect(wecom.map((h) => h.robot)).toEqual([WECOM_KEY]);
  const rows: { recipient: string; channel: string; status: string }[] = await t.db.dataSource.query(
    `SELECT n.recipient_id AS recipient, d.channel, d.status FROM deliveries d JOIN notices n ON n.id = d.notice_id
      WHERE n.recipient_type = 'user' AND n.kind = 'calendar_warning' AND n.recipient_id = ANY ($1::uuid[])`, [[s.users.coordinator.id, li]],
  );
  const key = (r: { recipient: string; channel: string }) => `${r.recipient === li ? 'li' : 'seeded'} ${r.channel}`;
  expect(rows.map((r) => `${key(r)} ${r.status}`).sort()).toEqual(['li inbox delivered', 'li wecom delivered', 'seeded dingtalk delivered', 'seeded inbox delivered']);
});
