/**
 * The whole-set progress overview (全域进度总览) through HTTP: three subdistricts with a year each, months recorded,
 * self-assessments saved and submitted, an extension after the deadline, items scored, result notices delivered and
 * failed. The admin reads the totals and every page (both sorts, keyset cursors); each subdistrict's row equals its
 * own late board's totals at several instants, and the totals their sum. The read model the triggers keep equals
 * a rebuild; a rename follows; writers that touch only reminders, occasions or versions call no overview function.
 * Others: 403; bad parameters: 400 naming the field.
 */
import { CommandBus } from '@nestjs/cqrs';
import { PassDeadlineCommand, rebuildProjections } from '@app/assessment';
import { refreshBoardSummaries } from '@app/persistence';
import { SYSTEM_ACTOR } from '@app/platform';
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

const YEAR = 2026;
const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];
const SPECIAL = ['platformParticipation', 'workOrders', 'satisfaction'];
const monthData = { meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 10, onTime: 10, overdue: 0, returnedForShirking: 0, falsified: 0 }, complaints: 0, satisfaction: { surveyed: 10, satisfied: 10 } };

let t: TestApp;
const subs: SeededSubdistrict[] = [];
let admin: { id: string };

const stationUrl = (s: SeededSubdistrict, i: number) => `/subdistricts/${s.id}/years/${YEAR}/stations/${s.stations[i].id}`;
const overview = async (query = '') => (await t.http.get(`/years/${YEAR}/overview${query}`).set(t.as(admin)).expect(200)).body;
const board = async (s: SeededSubdistrict) => (await t.http.get(`/subdistricts/${s.id}/years/${YEAR}/board`).set(t.as(s.users.coordinator)).expect(200)).body;

async function record(s: SeededSubdistrict, i: number, month: number) {
  await t.http.put(`${stationUrl(s, i)}/months/${month}/special`).set(t.as(s.users.command_room)).send(monthData).expect(200);
}
function submit(s: SeededSubdistrict, i: number) {
  const scores = JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '8'])));
  const justifications = JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '说明'])));
  return t.http.post(`${stationUrl(s, i)}/self-assessment/submit`).set(t.as(s.stations[i].user)).field('scores', scores).field('justifications', justifications)
    .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' });
}
async function score(s: SeededSubdistrict, i: number, items: string[]) {
  for (const k of items) {
    const part = SPECIAL.includes(k) ? 'special' : 'daily';
    await t.http.put(`${stationUrl(s, i)}/scores/${part}/${k}`).set(t.as(s.users.coordinator)).send({ score: '8', reason: '测试分值，不依据平时记录' }).expect(200);
  }
}
async function resultNotice(s: SeededSubdistrict, i: number, status: 'delivered' | 'failed') {
  const [n] = await t.db.dataSource.query(
    `INSERT INTO notices (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, title, payload)
     VALUES ($1, $2, $3::uuid, 'result_notice', 'department', $3::uuid, 'release', '抄告', '{}') RETURNING id`,
    [s.id, YEAR, s.stations[i].id],
  );
  await t.db.dataSource.query(`INSERT INTO deliveries (notice_id, channel, status) VALUES ($1, 'inbox', $2)`, [n.id, status]);
}

/** The late board's totals of a subdistrict in the overview's terms. */
function fromBoard(b: any) {
  const { totals: x } = b;
  return {
    stations: x.stations,
    selfAssessment: {
      submitted: x.selfAssessment.submitted, submittedLate: x.selfAssessment.submittedLate, notSubmitted: x.stations - x.selfAssessment.submitted,
      overdue: x.selfAssessment.overdue, extended: x.selfAssessment.extended, draft: x.selfAssessment.draft, notStarted: x.selfAssessment.notStarted,
    },
    months: { due: b.rows[0]?.months.due ?? 0, upToDate: x.months.upToDate, withMissing: x.months.withMissing, missingMonths: x.months.missingMonths },
    scoring: { complete: x.scoring.complete, inProgress: x.scoring.inProgress, notStarted: x.scoring.notStarted },
    notices: { total: x.notices.total, delivered: x.notices.delivered, failed: x.notices.failed },
  };
}

/** Every subdistrict's row equals its board's totals now, and the grand totals their sum. */
async function expectOverviewEqualsBoards() {
  const o = await overview('?limit=200');
  const sum: any = { stations: 0 };
  for (const s of subs) {
    const b = await board(s);
    const expected = fromBoard(b);
    const r = o.rows.find((x: any) => x.subdistrictId === s.id);
    expect({ ...r, subdistrictId: undefined, subdistrict: undefined, yearState: undefined, yearStateLabel: undefined, policyVersion: undefined }).toEqual({
      ...expected, subdistrictId: undefined, subdistrict: undefined, yearState: undefined, yearStateLabel: undefined, policyVersion: undefined,
    });
    for (const [k, v] of Object.entries(expected)) {
      if (typeof v === 'number') sum[k] = (sum[k] ?? 0) + v;
      else sum[k] = Object.fromEntries(Object.entries(v).map(([kk, vv]) => [kk, k === 'months' && kk === 'due' ? vv : (sum[k]?.[kk] ?? 0) + (vv as number)]));
    }
  }
  expect(o.totals).toEqual({ subdistricts: subs.length, countedAt: o.generatedAt, ...sum }); // exact: counted for this request
  return o;
}

type Db = { query(sql: string, params?: unknown[]): Promise<any> };
const normalised = async (db: Db = t.db.dataSource) => (await db.query(`SELECT * FROM board_overview ORDER BY subdistrict_id, year`))
  .concat(await db.query(`SELECT * FROM board_overview_stations ORDER BY station_id, year`));

beforeAll(async () => {
  t = await createTestApp();
  const specs: [string, number][] = [['城北街道', 4], ['城南街道', 3], ['城西街道', 5]];
  for (const [name, n] of specs) {
    subs.push(await seedSubdistrict(t.db.dataSource, {
      name, abbr: name.slice(0, 2),
      stations: Array.from({ length: n }, (_, i) => ({ name: `${name.slice(0, 2)}站所${i + 1}`, kind: i % 2 ? 'regional' : 'independent', department: '区公安分局', staff: [`负责人${i}`] })) as any,
    }));
  }
  admin = subs[0].users.admin;
  t.clock.set(`${YEAR}-01-10T10:00:00+08:00`);
  for (const s of subs) await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
});
afterAll(async () => {
  await t?.close();
});

describe('the whole-set overview', () => {
  it('mid-year: months missing per subdistrict and in total, pages in both sorts', async () => {
    for (let month = 1; month <= 6; month++) {
      t.clock.set(`${YEAR}-${String(month + 1).padStart(2, '0')}-01T10:00:00+08:00`);
      for (const [k, s] of subs.entries()) {
        for (let i = 0; i < s.stations.length; i++) if (!(k === 1 && i === 0 && month >= 4) && !(k === 2 && i === 2 && month === 2)) await record(s, i, month);
      }
    }
    t.clock.set(`${YEAR}-07-20T10:00:00+08:00`);
    const o = await expectOverviewEqualsBoards();
    expect(o.totals).toMatchObject({ subdistricts: 3, stations: 12, months: { due: 6, withMissing: 2, missingMonths: 4 } });
    expect(o.rows.map((r: any) => r.subdistrict)).toEqual(['城北街道', '城南街道', '城西街道']);

    // keyset pages of 2, by name, then most behind (all equal now: by name)
    const first = await overview('?limit=2');
    expect(first.rows.map((r: any) => r.subdistrict)).toEqual(['城北街道', '城南街道']);
    expect(first.totals).toEqual(o.totals);
    const second = await overview(`?limit=2&cursor=${first.nextCursor}`);
    expect(second.rows.map((r: any) => r.subdistrict)).toEqual(['城西街道']);
    expect(second.nextCursor).toBeNull();
  });

  it('December and after the deadline: submissions, a draft, an extension; most behind first', async () => {
    for (let month = 7; month <= 11; month++) {
      t.clock.set(`${YEAR}-${String(month + 1).padStart(2, '0')}-01T08:00:00+08:00`);
      for (const s of subs) for (let i = 0; i < s.stations.length; i++) await record(s, i, month);
    }
    for (const s of subs) await t.http.post(`/subdistricts/${s.id}/years/${YEAR}/self-assessment-window`).set(t.as(s.users.coordinator)).expect(200);
    t.clock.set('2026-12-20T10:00:00+08:00');
    await submit(subs[0], 0).expect(201);
    await submit(subs[0], 1).expect(201);
    await submit(subs[0], 2).expect(201);
    await submit(subs[1], 0).expect(201);
    await t.http.put(`${stationUrl(subs[2], 0)}/self-assessment`).set(t.as(subs[2].stations[0].user))
      .send({ scores: { serveCentre: '9' }, justifications: { serveCentre: '草稿' } }).expect(200);
    const dec = await expectOverviewEqualsBoards();
    expect(dec.totals.selfAssessment).toMatchObject({ submitted: 4, notSubmitted: 8, overdue: 0, draft: 1, notStarted: 7 });

    // the most behind first: 城西 (5 not submitted), 城南 (2), 城北 (1); pages of 1 walk them in that order
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await overview(`?sort=behind&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      walked.push(...page.rows.map((r: any) => r.subdistrict));
      cursor = page.nextCursor;
    } while (cursor);
    expect(walked).toEqual(['城西街道', '城南街道', '城北街道']);

    // the deadline passes (the pending stations turn overdue at the instant, before and after the sweep marks them)
    t.clock.set('2027-01-01T00:00:00+08:00');
    await expectOverviewEqualsBoards();
    for (const s of subs) await t.app.get(CommandBus).execute(new PassDeadlineCommand(SYSTEM_ACTOR, { subdistrictId: s.id, year: YEAR }));
    t.clock.set('2027-01-02T10:00:00+08:00');
    await t.http.post(`${stationUrl(subs[2], 1)}/extension`).set(t.as(subs[2].users.coordinator)).send({ until: '2027-01-10', reason: '负责人病休' }).expect(200);
    const after = await expectOverviewEqualsBoards();
    expect(after.totals.selfAssessment).toMatchObject({ submitted: 4, overdue: 7, extended: 1, draft: 0, notStarted: 0 });
    t.clock.set('2027-01-11T10:00:00+08:00'); // the extension lapsed, nobody wrote anything: overdue
    expect((await expectOverviewEqualsBoards()).totals.selfAssessment).toMatchObject({ overdue: 8, extended: 0 });
    t.clock.set('2027-01-05T15:00:00+08:00');
    await submit(subs[2], 1).expect(201);
    expect((await expectOverviewEqualsBoards()).totals.selfAssessment).toMatchObject({ submitted: 5, submittedLate: 1, overdue: 7, extended: 0 });
  });

  it('scoring and result notices; the live read model equals a rebuild; a rename follows', async () => {
    t.clock.set('2027-01-12T10:00:00+08:00');
    await score(subs[0], 0, ITEMS);
    await score(subs[0], 1, ITEMS.slice(0, 3));
    await score(subs[2], 1, ITEMS);
    await t.http.put(`${stationUrl(subs[0], 1)}/scores/daily/serveCentre`).set(t.as(subs[0].users.coordinator)).send({ score: '7', reason: '复核：重新评分' }).expect(200);
    await resultNotice(subs[0], 0, 'delivered');
    await resultNotice(subs[0], 1, 'failed');
    await resultNotice(subs[2], 1, 'delivered');
    await t.db.dataSource.query(`UPDATE deliveries SET status = 'delivered' WHERE status = 'failed'`);
    await t.http.post(`${stationUrl(subs[1], 0)}/months/waivers`).set(t.as(subs[1].users.coordinator)).send({ months: [4, 5], reason: '站所撤并期间无法报送' }).expect((r) => expect([200, 201]).toContain(r.status));
    const o = await expectOverviewEqualsBoards();
    expect(o.totals.scoring).toEqual({ complete: 2, inProgress: 1, notStarted: 9 });
    expect(o.totals.notices).toEqual({ total: 3, delivered: 3, failed: 0 });

    const live = await normalised();
    expect(live).toHaveLength(3 + 12); // the subdistricts' rows, the stations'
    await t.db.dataSource.transaction((tx) => refreshBoardSummaries(tx));
    expect(await normalised()).toEqual(live);
    await t.db.dataSource.transaction((tx) => rebuildProjections(tx));
    expect(await normalised()).toEqual(live);
    expect(await overview('?limit=200')).toEqual(o);
    // a station-year moved to another subdistrict (never done, but the triggers take it out of one row into the other)
    const moved = await t.db.dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE station_years SET subdistrict_id = $1 WHERE station_id = $2`, [subs[1].id, subs[0].stations[3].id]);
      const after = await normalised(tx);
      await refreshBoardSummaries(tx);
      throw Object.assign(new Error('roll back'), { after, rebuilt: await normalised(tx) });
    }).catch((e) => e);
    expect(moved.after).toEqual(moved.rebuilt);
    expect(moved.after).not.toEqual(live);
    // the triggers act again after a refresh
    await score(subs[1], 0, ITEMS.slice(0, 1));
    expect((await expectOverviewEqualsBoards()).totals.scoring).toEqual({ complete: 2, inProgress: 2, notStarted: 8 });

    const [{ version }] = await t.db.dataSource.query(`SELECT version FROM subdistricts WHERE id = $1`, [subs[1].id]);
    await t.http.patch(`/subdistricts/${subs[1].id}`).set(t.as(admin)).send({ name: '城南新区街道', version }).expect(200);
    expect((await overview()).rows.map((r: any) => r.subdistrict)).toEqual(['城北街道', '城南新区街道', '城西街道']);
  });

  it('writers of reminders and occasions, and version bumps, call no overview function (the triggers’ WHEN)', async () => {
    const before = await normalised();
    const s = subs[0];
    const sweepLike = async (db: { query(sql: string, params?: unknown[]): Promise<any> }) => {
      // a reminder to every station (the notices trigger updates their summaries' reminder and occasion columns)
      await db.query(
        `INSERT INTO notices (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, title, payload, occasion_label)
         SELECT $1, $2, st.id, 'reminder', 'station', st.id, 'r9', '催报提醒', '{}', '测试·提醒' FROM stations st WHERE st.subdistrict_id = $1`,
        [s.id, YEAR],
      );
      await db.query(`UPDATE station_years SET version = version + 1, updated_at = now() WHERE subdistrict_id = $1`, [s.id]);
    };
    // with the overview's trigger functions made to fail, in a transaction rolled back: nothing calls them
    const called = await t.db.dataSource.transaction(async (tx) => {
      for (const f of ['board_overview_summaries', 'board_overview_station_years']) {
        await tx.query(`CREATE OR REPLACE FUNCTION ${f}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'called'; END $$`);
      }
      await sweepLike(tx);
      // and the check can fail: a write of a counted column does call them
      await tx.query(`SAVEPOINT counted`);
      const error = await tx.query(`UPDATE board_summaries SET items_scored = items_scored + 1 WHERE station_id = $1`, [s.stations[3].id]).then(() => null, (e: Error) => e.message);
      await tx.query(`ROLLBACK TO SAVEPOINT counted`);
      throw Object.assign(new Error('roll back'), { called: error });
    }).catch((e) => e.called);
    expect(called).toBe('called');
    await sweepLike(t.db.dataSource);
    expect(await normalised()).toEqual(before);
  });

  it('only a deployment-wide admin reads it; bad parameters say which field', async () => {
    const s = subs[0];
    await t.http.get(`/years/${YEAR}/overview`).set(t.as(s.users.coordinator)).expect(403);
    await t.http.get(`/years/${YEAR}/overview`).set(t.as(s.users.leader)).expect(403);
    await t.http.get(`/years/${YEAR}/overview`).set(t.as(s.stations[0].user)).expect(403);
    const [local] = await t.db.dataSource.query(
      `INSERT INTO users (username, display_name, role, subdistrict_id) VALUES ('城北-local-admin', '城北管理员', 'admin', $1) RETURNING id`, [s.id],
    );
    await t.http.get(`/years/${YEAR}/overview`).set(t.as({ id: local.id })).expect(403);
    await t.http.get(`/years/${YEAR}/overview`).expect(401);

    const field = async (query: string) => (await t.http.get(`/years/${YEAR}/overview${query}`).set(t.as(admin)).expect(400)).body.details[0].field;
    expect(await field('?limit=0')).toBe('limit');
    expect(await field('?limit=201')).toBe('limit');
    expect(await field('?limit=abc')).toBe('limit');
    expect(await field('?sort=stations')).toBe('sort');
    expect(await field('?cursor=nonsense')).toBe('cursor');
    const byName = await overview('?limit=1');
    expect(await field(`?sort=behind&cursor=${byName.nextCursor}`)).toBe('cursor');
    expect(await field('?extra=1')).toBe('extra');
    expect((await t.http.get(`/years/20x6/overview`).set(t.as(admin)).expect(400)).body.details[0].field).toBe('year');
    // a year nobody opened: zeros, no rows
    expect(await (async () => (await t.http.get(`/years/2031/overview`).set(t.as(admin)).expect(200)).body)()).toMatchObject({ totals: { subdistricts: 0, stations: 0 }, rows: [], nextCursor: null });
  });
});
