/**
 * A sweep's station batch meets a concurrent writer: another transaction has inserted (not yet committed) the very
 * notice the sweep is about to create for one station. The sweep's statement (exclusive: no ON CONFLICT) waits on
 * that transaction's lock and fails on the identity key when it commits; the sweep runs the batch again at once with
 * ON CONFLICT DO NOTHING, so in this same run every station is told exactly once, each notice has its deliveries, and
 * the report counts the notices the sweep created (all but the other writer's).
 */
import { Logger } from '@nestjs/common';
import { ManualClock } from '@app/platform';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { PolicyCatalog, WorkingDays } from '@app/assessment';
import { dueReminderBatches, insertStationNotices, NOTICE_KINDS, StationNoticeBatch } from '@app/notices';
import { createTestApp, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { SweepService } from '../apps/worker/src/notices/sweep.service';
import { waitFor } from './support/receivers';

jest.setTimeout(120_000);
const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;
let sweep: SweepService;

beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock('2026-11-30T10:00:00+08:00'), env: { SWEEP_SCHEDULER: 'off' } });
  sweep = t.app.get(SweepService, { strict: false });
  s = await seedSubdistrict(t.db.dataSource, {
    stations: ['甲', '乙', '丙', '丁', '戊'].map((n, i) => ({ name: `${n}派出所`, kind: 'independent', department: '区公安分局', staff: [`人员${i}`] })) as any,
  });
  // two stations with two channels: each of their notices has two deliveries
  await t.db.dataSource.query(`UPDATE stations SET channels = '{inbox,webhook}', webhook_url = 'http://127.0.0.1:9/hook' WHERE id = ANY($1::uuid[])`,
    [s.stations.slice(0, 2).map((x) => x.id)]);
  await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
  // 1 December: the window opens (its commands and notices done, so the colliding sweep below has only notices to write)
  t.clock.set('2026-12-01T09:00:00+08:00');
  await sweep.run();
});
afterAll(async () => {
  await t?.close();
});

/** The 15 December reminder batch, as the sweep derives it. */
async function decemberReminder(): Promise<StationNoticeBatch> {
  const config = t.app.get<AppConfig>(APP_CONFIG, { strict: false });
  const [y] = await t.db.dataSource.query(`SELECT id, policy_version FROM assessment_years WHERE subdistrict_id = $1 AND year = $2`, [s.id, YEAR]);
  const batches = dueReminderBatches({
    year: YEAR, assessmentYearIds: [y.id], schedule: t.app.get(PolicyCatalog, { strict: false }).get(y.policy_version).schedule,
    calendar: await t.app.get(WorkingDays, { strict: false }).calendar(), timeZone: config.timeZone, consoleBaseUrl: config.consoleBaseUrl,
  }, t.clock.now());
  const b = batches.find((x) => x.to === 'stations' && x.batch.kind === NOTICE_KINDS.selfAssessmentReminder);
  if (!b || b.to !== 'stations') throw new Error('no December reminder due');
  return b.batch;
}

it('a batch whose statement collides with a concurrent writer’s notice is inserted again at once: every station told once', async () => {
  const db = t.db.dataSource;
  t.clock.set('2026-12-15T10:00:00+08:00');
  const batch = await decemberReminder();
  // the other writer: the same notice for one station (its part of the id space holds that station alone), uncommitted
  const ids = s.stations.map((x) => x.id).sort();
  const victim = ids[2];
  const other = db.createQueryRunner();
  await other.connect();
  const warn = jest.spyOn(Logger.prototype, 'warn');
  try {
    await other.startTransaction();
    const theirs = await insertStationNotices(other, batch, t.clock.now(), { part: { year: YEAR, from: victim, to: ids[3] } });
    expect(theirs.notices).toBe(1);
    const [{ pid }] = await other.query(`SELECT pg_backend_pid() AS pid`);

    let done = false;
    const run = sweep.run().finally(() => { done = true; });
    // the sweep's INSERT waits on the other transaction's lock (the identity key's entry; its text is longer than
    // pg_stat_activity keeps, so it is found by whom it waits for)
    await waitFor(async () => {
      if (done) throw new Error('the sweep finished before it met the other writer’s notice');
      const [{ n }] = await db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND $1 = ANY (pg_blocking_pids(pid))`, [pid]);
      return n > 0;
    }, { timeoutMs: 20_000, what: 'the sweep blocked on the other writer' });
    await other.commitTransaction();
    const report = await run;

    expect(report.notices[NOTICE_KINDS.selfAssessmentReminder]).toBe(s.stations.length - 1);
    const told = await db.query(
      `SELECT n.recipient_id, count(*)::int AS n, min(cardinality(st.channels))::int AS channels,
              (SELECT count(*)::int FROM deliveries d WHERE d.notice_id = min(n.id::text)::uuid) AS deliveries
         FROM notices n JOIN stations st ON st.id = n.recipient_id
        WHERE n.kind = $1 AND n.occasion = $2 AND n.recipient_type = 'station' GROUP BY n.recipient_id`, [batch.kind, batch.occasion]);
    expect(told.map((r: any) => r.recipient_id).sort()).toEqual(ids);
    for (const r of told) expect(r).toMatchObject({ n: 1, deliveries: r.channels });
    expect(told.filter((r: any) => r.deliveries === 2)).toHaveLength(2);
    expect(warn.mock.calls.filter(([m]) => String(m).includes(batch.occasion))).toHaveLength(1);
  } finally {
    warn.mockRestore();
    if (other.isTransactionActive) await other.rollbackTransaction();
    await other.release();
  }

  // a further sweep finds nothing to do
  const again = await sweep.run();
  expect(again.notices[NOTICE_KINDS.selfAssessmentReminder]).toBeUndefined();
});
