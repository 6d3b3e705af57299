/**
 * Everything due is derived: a one-shot job that is lost loses nothing. With no worker running (so no relay and no
 * processor), an export request and a release leave only their rows and outbox rows; the outbox rows are then
 * marked relayed as if their jobs had been added and lost with Redis. The recovery job (apps/worker
 * RecoveryService, run periodically by the worker) re-queues the stuck export and issues the missing 抄告.
 */
import { Module } from '@nestjs/common';
import { ManualClock } from '@app/platform';
import { ReportingModule } from '@app/reporting';
import { createTestApp, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { EXPORT_STALL_MS, RecoveryService } from '../apps/worker/src/recovery.service';
import { NoticesWorkerModule } from '../apps/worker/src/notices/notices-worker.module';
import { SweepService } from '../apps/worker/src/notices/sweep.service';

const YEAR = 2026;
const DAILY = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding'];
const SPECIAL = ['platformParticipation', 'workOrders', 'satisfaction'];

@Module({ imports: [ReportingModule, NoticesWorkerModule], providers: [RecoveryService] })
class RecoveryOnly {}

let t: TestApp;
let s: SeededSubdistrict;
let recovery: RecoveryService;
const base = () => `/subdistricts/${s.id}/years/${YEAR}`;

beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock('2027-01-01T00:00:00+08:00'), withWorker: false, env: { SWEEP_SCHEDULER: 'off' }, modules: [RecoveryOnly] });
  recovery = t.app.get(RecoveryService, { strict: false });
  s = await seedSubdistrict(t.db.dataSource, {
    reachableDepartments: true, // every 抄告 needs a reader
    stations: [
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏'] },
      { name: '城东执法中队', kind: 'regional', department: '区综合行政执法局', staff: ['郑强'] },
    ],
  });
  await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
});
afterAll(() => t?.close());

/** What a lost job looks like: its outbox row says relayed, and the queue has no job for it. */
const loseOutbox = () => t.db.dataSource.query(`UPDATE outbox SET relayed_at = now() WHERE relayed_at IS NULL`);

it('re-queues an export whose job was lost, once it has made no progress for a while', async () => {
  const { body } = await t.http.post(`${base()}/exports`).set(t.as(s.users.coordinator)).send({ kind: 'result_table' }).expect(202);
  const [outbox] = await t.db.dataSource.query(`SELECT queue, payload FROM outbox WHERE payload->>'exportId' = $1`, [body.exportId]);
  expect(outbox).toEqual({ queue: 'exports', payload: { exportId: body.exportId } }); // committed with the request
  await loseOutbox();
  expect((await recovery.run()).exportsRequeued).toEqual([]); // too young to call lost
  t.clock.advance(EXPORT_STALL_MS + 1_000);
  expect((await recovery.run()).exportsRequeued).toEqual([body.exportId]);
  const job = await t.runtime.queues.queue('exports').getJob(`export-${body.exportId}`);
  expect(job?.data).toEqual({ exportId: body.exportId });
  expect((await recovery.run()).exportsRequeued).toEqual([body.exportId]); // still waiting: the same job, not a second
  expect(await t.runtime.queues.queue('exports').getJobCounts('waiting')).toEqual({ waiting: 1 });
});

it('issues the 抄告 of a released year whose ResultsReleased job was lost', async () => {
  await t.app.get(SweepService, { strict: false }).run(); // 2027-01-01: the deadline has passed, nobody submitted
  for (const st of s.stations) {
    const url = `${base()}/stations/${st.id}`;
    await t.http.post(`${url}/months/waivers`).set(t.as(s.users.coordinator))
      .send({ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], reason: '测试：不录入月度记录' }).expect(200);
    const reason = '测试分值，不依据平时记录';
    for (const k of SPECIAL) await t.http.put(`${url}/scores/special/${k}`).set(t.as(s.users.command_room)).send({ score: '8', comment: '依据四个平台数据', reason }).expect(200);
    for (const k of DAILY) await t.http.put(`${url}/scores/daily/${k}`).set(t.as(s.users.coordinator)).send({ score: '8', reason }).expect(200);
    await t.http.post(`${url}/scores/finalise`).set(t.as(s.users.coordinator)).expect(200);
  }
  await t.http.post(`${base()}/results/compute`).set(t.as(s.users.coordinator)).expect(200);
  await t.http.post(`${base()}/results/submit`).set(t.as(s.users.coordinator)).expect(200);
  await t.http.post(`${base()}/results/approve`).set(t.as(s.users.leader)).send({}).expect(200);
  await t.http.post(`${base()}/results/release`).set(t.as(s.users.leader)).send({}).expect(200);
  const released = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE payload->>'eventType' = 'ResultsReleased'`);
  expect(released).toEqual([{ n: 1 }]);
  await loseOutbox();
  const resultNotices = async () => (await t.db.dataSource.query(
    `SELECT station_id, count(*)::int AS n FROM notices WHERE kind = 'result_notice' GROUP BY station_id ORDER BY station_id`));
  expect(await resultNotices()).toEqual([]);

  const report = await recovery.run();
  expect(report.releasedYearsReissued).toHaveLength(1);
  const issued = await resultNotices();
  expect(issued.map((r: any) => r.station_id).sort()).toEqual(s.stations.map((x) => x.id).sort());
  expect(issued.every((r: any) => r.n === 3)).toBe(true); // the dispatching department, organisation/HR, the station
  // once issued, nothing more: the next run finds nothing missing and the notices stay as they are
  expect((await recovery.run()).releasedYearsReissued).toEqual([]);
  expect(await resultNotices()).toEqual(issued);
});

it('tells the hand-offs whose HandOff jobs were lost, once they are overdue, and nobody twice', async () => {
  const handOffs = () => t.db.dataSource.query(`SELECT count(*)::int AS n FROM outbox WHERE name = 'HandOff'`);
  const [{ n: messages }] = await handOffs();
  expect(messages).toBeGreaterThanOrEqual(3); // results submitted, approved, released (at least)
  const told = async () => (await t.db.dataSource.query(
    `SELECT recipient_type, title FROM notices WHERE kind = 'handoff' ORDER BY recipient_type, title`));
  expect(await told()).toEqual([]); // no worker ran: every HandOff job is lost
  expect((await recovery.run()).handOffsRetold).toEqual([]); // relayed just now: too young to call lost
  await t.db.dataSource.query(`UPDATE outbox SET relayed_at = now() - interval '10 minutes' WHERE name = 'HandOff'`);
  expect((await recovery.run()).handOffsRetold).toHaveLength(messages);
  const first = await told();
  expect(first).toEqual(expect.arrayContaining([expect.objectContaining({ recipient_type: 'user', title: expect.stringContaining('审定') })]));
  expect((await recovery.run()).handOffsRetold).toEqual([]);
  expect(await told()).toEqual(first);
});
