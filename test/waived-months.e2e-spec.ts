/**
 * A month the coordination group waived (豁免, with a reason) is owed no more than a recorded one: the sweep sends
 * no monthly reminder for it, a reminder already queued when the waiver comes is cancelled at delivery, and the late
 * board no longer shows it missing (its summary kept live equals one rebuilt from the events).
 */
import { rebuildProjections } from '@app/assessment';
import { ManualClock } from '@app/platform';
import { createTestApp, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { SweepService } from '../apps/worker/src/notices/sweep.service';
import { settled } from './support/receivers';

const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;
let sweep: SweepService;
const url = (i: number) => `/subdistricts/${s.id}/years/${YEAR}/stations/${s.stations[i].id}`;
const waive = (i: number, months: number[]) => t.http.post(`${url(i)}/months/waivers`).set(t.as(s.users.coordinator))
  .send({ months, reason: '站所11月搬迁，平台暂停' }).expect(200);
const novemberReminders = () => t.db.dataSource.query(
  `SELECT n.recipient_id, d.id AS delivery_id, d.status, d.last_error FROM notices n JOIN deliveries d ON d.notice_id = n.id
    WHERE n.kind = 'monthly_record_reminder' AND n.occasion LIKE '2026-11%' AND d.channel = 'inbox' ORDER BY n.recipient_id`);

beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock('2026-11-20T10:00:00+08:00'), env: { SWEEP_SCHEDULER: 'off' } });
  sweep = t.app.get(SweepService, { strict: false });
  s = await seedSubdistrict(t.db.dataSource, {
    stations: [
      { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国'] },
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏'] },
    ],
  });
  await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
});
afterAll(async () => {
  await t?.close();
});

describe('waived months and monthly reminders', () => {
  it('the sweep reminds only the station whose November is neither recorded nor waived', async () => {
    t.clock.set('2026-12-01T10:00:00+08:00');
    await waive(0, [11]);
    t.clock.set('2026-12-03T09:00:00+08:00'); // the November reminder's day
    await sweep.run();
    await settled(t.db.dataSource);
    const rows = await novemberReminders();
    expect(rows.map((r: any) => r.recipient_id)).toEqual([s.stations[1].id]);
  });

  it('a reminder queued before the waiver is cancelled at delivery, not sent', async () => {
    const [queued] = await novemberReminders();
    await waive(1, [11]);
    // the reminder as if still waiting for its delivery when the waiver came (made pending after the waiver: a
    // delivery job still running from the sweep above would otherwise deliver it before the waiver commits)
    await t.db.dataSource.query(`UPDATE deliveries SET status = 'pending' WHERE id = $1`, [queued.delivery_id]);
    await t.db.dataSource.query(`DELETE FROM inbox_items WHERE delivery_id = $1`, [queued.delivery_id]);
    t.clock.set('2026-12-03T09:05:00+08:00'); // pending for more than a minute: the sweep takes it up again
    await sweep.run();
    await settled(t.db.dataSource);
    const [after] = await novemberReminders();
    expect(after).toMatchObject({ status: 'cancelled', last_error: expect.stringContaining('recorded') });
  });

  it('the late board shows a waived month as nothing owed; its summary equals one rebuilt from the events', async () => {
    await waive(0, [3]); // March is long overdue: waived, the board owes it no more
    const board = (await t.http.get(`/subdistricts/${s.id}/years/${YEAR}/board`).set(t.as(s.users.coordinator)).expect(200)).body;
    const missing = (i: number) => board.rows.find((r: any) => r.stationId === s.stations[i].id).months.missing.map((m: any) => m.month);
    expect(missing(0)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10]);
    expect(missing(1)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const waived = async () => Object.fromEntries((await t.db.dataSource.query(`SELECT station_id, months_waived FROM board_summaries`))
      .map((r: any) => [r.station_id, r.months_waived]));
    const live = await waived();
    expect(live).toEqual({ [s.stations[0].id]: (1 << 11) | (1 << 3), [s.stations[1].id]: 1 << 11 });
    await t.db.dataSource.transaction((tx) => rebuildProjections(tx));
    expect(await waived()).toEqual(live);
  });
});
