/**
 * The overview's grand totals kept per process (OVERVIEW_TOTALS_CACHE_FROM=2, OVERVIEW_TOTALS_MAX_AGE=60 s) through
 * HTTP, on the test's manual clock: after a station submits, the totals stay as counted until they are 60 s old
 * and say when they were counted, while the page's rows (never kept) show the submission at once; the first request
 * after the age is served the old totals and starts one re-sum, and the next request has the new figure.
 */
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { OverviewQueries } from '@app/reporting';

const YEAR = 2026;
const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];

let t: TestApp;
const subs: SeededSubdistrict[] = [];
let admin: { id: string };
const overview = async () => (await t.http.get(`/years/${YEAR}/overview?limit=200`).set(t.as(admin)).expect(200)).body;
const submitted = (o: any) => [o.totals.selfAssessment.submitted, o.rows.map((r: any) => r.selfAssessment.submitted)];

function submit(s: SeededSubdistrict, i: number) {
  const station = s.stations[i];
  return t.http.post(`/subdistricts/${s.id}/years/${YEAR}/stations/${station.id}/self-assessment/submit`).set(t.as(station.user))
    .field('scores', JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '8']))))
    .field('justifications', JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '说明']))))
    .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' });
}

beforeAll(async () => {
  t = await createTestApp({ env: { OVERVIEW_TOTALS_CACHE_FROM: '2', OVERVIEW_TOTALS_MAX_AGE: '60' } });
  for (const name of ['城北街道', '城南街道']) {
    subs.push(await seedSubdistrict(t.db.dataSource, {
      name, abbr: name.slice(0, 2),
      stations: [0, 1].map((i) => ({ name: `${name.slice(0, 2)}站所${i + 1}`, kind: 'independent', department: '区公安分局', staff: [`负责人${i}`] })) as any,
    }));
  }
  admin = subs[0].users.admin;
  t.clock.set(`${YEAR}-12-01T10:00:00+08:00`);
  for (const s of subs) {
    await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
    await t.http.post(`/subdistricts/${s.id}/years/${YEAR}/self-assessment-window`).set(t.as(s.users.coordinator)).expect(200);
  }
});
afterAll(async () => {
  await t?.close();
});

it('kept totals: unchanged until they are 60 s old, counted then; one re-sum, then the new figure', async () => {
  t.clock.set(`${YEAR}-12-20T10:00:00+08:00`);
  const first = await overview(); // nothing kept yet: summed for this request
  expect(first.totals).toMatchObject({ subdistricts: 2, stations: 4, countedAt: first.generatedAt });
  expect(submitted(first)).toEqual([0, [0, 0]]);

  t.clock.advance(10_000);
  await submit(subs[0], 0).expect(201);
  t.clock.advance(20_000);
  const kept = await overview();
  expect(submitted(kept)).toEqual([0, [1, 0]]); // the page is read at once, the totals are the kept ones
  expect(kept.totals.countedAt).toBe(first.generatedAt);
  expect(kept.generatedAt).toBe(new Date(Date.parse(first.generatedAt) + 30_000).toISOString());

  t.clock.set(new Date(Date.parse(first.generatedAt) + 59_999));
  expect(submitted(await overview())).toEqual([0, [1, 0]]);

  t.clock.set(new Date(Date.parse(first.generatedAt) + 60_000));
  const stale = await overview(); // 60 s old: served as they are while one re-sum starts
  expect(stale.totals).toMatchObject({ countedAt: first.generatedAt, selfAssessment: { submitted: 0 } });
  await t.app.get(OverviewQueries).totalsCache.settled();

  t.clock.advance(1_000);
  const fresh = await overview();
  expect(submitted(fresh)).toEqual([1, [1, 0]]);
  expect(fresh.totals.countedAt).toBe(stale.generatedAt);
  expect(fresh.totals.countedAt < fresh.generatedAt).toBe(true);
});
