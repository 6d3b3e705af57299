/**
 * A station batch inserted in parts of the station id space (what the sweep does for a large batch, two statements at
 * a time): the parts together tell every station of the audience once, each part the stations in its id range, and a
 * part repeated tells nobody again.
 */
import { ManualClock } from '@app/platform';
import { createTestApp, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { insertStationNotices, StationPart, stationParts, StationNoticeBatch } from '@app/notices';

const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;

beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock('2026-11-30T10:00:00+08:00'), env: { SWEEP_SCHEDULER: 'off' } });
  s = await seedSubdistrict(t.db.dataSource, {
    stations: ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛'].map((n, i) => ({ name: `${n}派出所`, kind: 'independent', department: '区公安分局', staff: [`人员${i}`] })) as any,
  });
  await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
});
afterAll(async () => {
  await t?.close();
});

it('parts tell each station once between them; a repeated part tells nobody', async () => {
  const db = t.db.dataSource;
  const [{ id }] = await db.query(`SELECT id FROM assessment_years WHERE subdistrict_id = $1 AND year = $2`, [s.id, YEAR]);
  const batch: StationNoticeBatch = {
    kind: 'self_assessment_reminder', occasion: 'parts-test', occasionLabel: '测试提醒', title: '测试提醒', issueDate: '2026-12-15',
    audience: { assessmentYearIds: [id], notInStates: ['closed'] }, fields: { kind: 'reminder', topic: { type: 'self_assessment_due', deadline: '2026-12-31', daysLeft: 16 } },
  };
  const parts = stationParts(YEAR, 5);
  expect(parts[0].from).toBeUndefined();
  expect(parts[4].to).toBeUndefined();
  for (let i = 1; i < parts.length; i++) expect(parts[i].from).toBe(parts[i - 1].to);
  // the stations whose ids lie in a part's range, counted apart from the store's SQL
  const inPart = (part: StationPart) => s.stations.filter((x) => (!part.from || x.id >= part.from) && (!part.to || x.id < part.to)).length;
  // the parts split the stations between them (eight random ids in five parts: all in one has a chance of 1 in 78,000)
  const owed = parts.map(inPart);
  expect(owed.reduce((a, b) => a + b, 0)).toBe(s.stations.length);
  expect(Math.max(...owed)).toBeLessThan(s.stations.length);

  let created = 0;
  for (const part of parts) {
    const c = await insertStationNotices(db, batch, t.clock.now(), { exclusive: true, part });
    expect(c.notices).toBe(inPart(part));
    created += c.notices;
  }
  expect(created).toBe(s.stations.length);
  const told = await db.query(`SELECT station_id, count(*)::int AS n FROM notices WHERE occasion = 'parts-test' GROUP BY 1`);
  expect(told.map((r: any) => r.station_id).sort()).toEqual(s.stations.map((x) => x.id).sort());
  expect(told.every((r: any) => r.n === 1)).toBe(true);

  for (const part of parts) expect((await insertStationNotices(db, batch, t.clock.now(), { exclusive: true, part })).notices).toBe(0);
  expect((await insertStationNotices(db, batch, t.clock.now())).notices).toBe(0);
  expect((await db.query(`SELECT count(*)::int AS n FROM notices WHERE occasion = 'parts-test'`))[0].n).toBe(s.stations.length);
});
