/**
 * Work-chat robots end to end: 25 stations share one DingTalk group robot (signed, 加签) and one station has a WeCom
 * robot. The window-open notice goes to all of them: the local receivers check DingTalk's signature exactly as
 * documented and the Markdown bodies (Chinese, with a link into the console); with a robot limit of 20 per window
 * (ROBOT_WINDOW_MS shortened to 3 s so the test stays fast), the 25 DingTalk messages are spread over two windows —
 * none lost, none refused, each delivered once on its first attempt (waiting is not a failed attempt).
 */
import { createTestApp, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { ManualClock } from '@app/platform';
import { SweepService } from '../apps/main/src/index';
import { settled } from './support/receivers';
import { RobotReceivers, startRobotReceivers } from './support/robots';

const WINDOW_MS = 3000;
const TOKEN = 'dt-token-chengdong-0001';
const SECRET = 'SEC0123456789abcdef0123456789abcdef';
let t: TestApp;
let s: SeededSubdistrict;
let robots: RobotReceivers;

beforeAll(async () => {
  robots = await startRobotReceivers({ dingtalkSecrets: { [TOKEN]: SECRET }, perWindow: 20, windowMs: WINDOW_MS });
  t = await createTestApp({
    clock: new ManualClock('2026-11-30T10:00:00+08:00'),
    env: {
      SWEEP_SCHEDULER: 'off', DINGTALK_BASE_URL: robots.dingtalkBaseUrl, WECOM_BASE_URL: robots.wecomBaseUrl,
      ROBOT_MESSAGES_PER_MINUTE: '20', ROBOT_WINDOW_MS: String(WINDOW_MS), CONSOLE_BASE_URL: 'http://kaohe.chengdong.test/console/',
      NOTICE_CONCURRENCY: '16',
    },
  });
  s = await seedSubdistrict(t.db.dataSource, {
    stations: Array.from({ length: 26 }, (_, i) => ({ name: `城东第${i + 1}站`, kind: 'regional' as const, department: '区司法局', staff: [`人员${i + 1}`] })),
  });
  const db = t.db.dataSource;
  for (const st of s.stations.slice(0, 25)) {
    await db.query(`UPDATE stations SET channels = '{dingtalk}', dingtalk_token = $2, dingtalk_secret = $3 WHERE id = $1`, [st.id, TOKEN, SECRET]);
  }
  await db.query(`UPDATE stations SET channels = '{wecom,inbox}', wecom_key = 'wecom-key-0001' WHERE id = $1`, [s.stations[25].id]);
  await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: 2026 }).expect(201);
});
afterAll(async () => {
  await t?.close();
  await robots?.close();
});

it('spreads 25 signed DingTalk messages over the robot’s windows; WeCom gets its Markdown; none refused, none lost', async () => {
  t.clock.set('2026-12-01T09:00:00+08:00');
  await t.app.get(SweepService, { strict: false }).run();
  await settled(t.db.dataSource, 60_000);

  expect(robots.badSignatures).toEqual([]);
  expect(robots.refused).toEqual([]);
  const ding = robots.hits.filter((h) => h.vendor === 'dingtalk');
  expect(ding).toHaveLength(25);
  // one message per station, each the window-open notice in Chinese with a link into the console
  expect(new Set(ding.map((h) => h.body.markdown.title)).size).toBe(25);
  for (const h of ding) {
    expect(h.body.markdown.title).toMatch(/^关于开展2026年度派驻机构考核自评工作的通知（城东第\d+站）$/);
    expect(h.body.markdown.text).toContain('[在考核系统中查看](http://kaohe.chengdong.test/console/inbox)');
  }
  // spread: never more than 20 within a window, and the last five waited for the next window
  const times = ding.map((h) => h.at).sort((a, b) => a - b);
  for (let i = 20; i < times.length; i++) expect(times[i] - times[i - 20]).toBeGreaterThanOrEqual(WINDOW_MS - 50);

  const wecom = robots.hits.filter((h) => h.vendor === 'wecom');
  expect(wecom).toHaveLength(1);
  expect(wecom[0].robot).toBe('wecom-key-0001');
  expect(wecom[0].body.markdown.content).toContain('关于开展2026年度派驻机构考核自评工作的通知');
  expect(wecom[0].body.markdown.content).toContain('http://kaohe.chengdong.test/console/inbox');

  const rows = await t.db.dataSource.query(
    `SELECT d.channel, d.status, d.attempts, count(*)::int AS n FROM deliveries d JOIN notices n ON n.id = d.notice_id
      WHERE n.kind = 'window_open' GROUP BY 1, 2, 3 ORDER BY 1`);
  expect(rows).toEqual([
    { channel: 'dingtalk', status: 'delivered', attempts: 1, n: 25 },
    { channel: 'inbox', status: 'delivered', attempts: 1, n: 1 },
    { channel: 'wecom', status: 'delivered', attempts: 1, n: 1 },
  ]);
});

it('a robot the recipient has not configured fails visibly (permanent), like any channel', async () => {
  const st = s.stations[0];
  await t.db.dataSource.query(`UPDATE stations SET dingtalk_token = NULL WHERE id = $1`, [st.id]);
  t.clock.set('2026-12-15T09:00:00+08:00');
  await t.app.get(SweepService, { strict: false }).run();
  await settled(t.db.dataSource, 60_000);
  const failed = (await t.http.get(`/subdistricts/${s.id}/deliveries?status=failed`).set(t.as(s.users.coordinator)).expect(200)).body;
  expect(failed).toEqual([expect.objectContaining({ channel: 'dingtalk', status: 'failed', lastError: expect.stringContaining('DingTalk'),
    notice: expect.objectContaining({ occasion: '12月15日自评提醒', recipient: { type: 'station', id: st.id } }) })]);
});
