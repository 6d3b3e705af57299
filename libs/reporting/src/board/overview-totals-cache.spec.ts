import { OverviewTotalsCache } from './overview-totals-cache';

/** A summing function whose answers the test releases one at a time; the counter is the "database". */
function fakeSums() {
  const state = { subdistricts: 5, value: 1, calls: 0, failNext: false };
  const waiting: (() => void)[] = [];
  const sum = (year: number) => {
    state.calls++;
    const answer = { groups: [{ year, value: state.value }], subdistricts: state.subdistricts };
    const fail = state.failNext;
    state.failNext = false;
    return new Promise<typeof answer>((resolve, reject) => waiting.push(() => (fail ? reject(new Error('database gone')) : resolve(answer))));
  };
  const release = async () => {
    while (waiting.length) waiting.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { state, sum, release };
}

const T0 = Date.parse('2026-12-20T10:00:00+08:00');
const at = (seconds: number) => new Date(T0 + seconds * 1000);

function setUp(cacheFrom = 3) {
  const db = fakeSums();
  const errors: unknown[] = [];
  const cache = new OverviewTotalsCache({ cacheFrom, maxAgeMs: 60_000 }, db.sum, (_year, e) => errors.push(e));
  /** A request at `seconds`: its totals once every sum it waits for has answered. */
  const request = async (seconds: number) => {
    const p = cache.totals(2026, at(seconds));
    await db.release();
    const r = await p;
    return { value: (r.groups[0] as any).value as number, countedAt: (r.countedAt.getTime() - T0) / 1000, subdistricts: r.subdistricts };
  };
  return { db, cache, errors, request };
}

describe('OverviewTotalsCache', () => {
  it('below the threshold: every request sums, as of its own time', async () => {
    const { db, request } = setUp(10);
    expect(await request(0)).toEqual({ value: 1, countedAt: 0, subdistricts: 5 });
    db.state.value = 2;
    expect(await request(1)).toEqual({ value: 2, countedAt: 1, subdistricts: 5 });
    db.state.value = 3;
    expect(await request(2)).toEqual({ value: 3, countedAt: 2, subdistricts: 5 });
    expect(db.state.calls).toBe(3);
  });

  it('at the threshold: the first request sums, younger sums are served as they are', async () => {
    const { db, request } = setUp(5);
    expect(await request(0)).toEqual({ value: 1, countedAt: 0, subdistricts: 5 });
    db.state.value = 2;
    expect(await request(30)).toEqual({ value: 1, countedAt: 0, subdistricts: 5 });
    expect(await request(59.999)).toMatchObject({ value: 1, countedAt: 0 });
    expect(db.state.calls).toBe(1);
  });

  it('stale: served at once, one re-sum in the background however many requests come, then its sums', async () => {
    const { db, cache, request } = setUp();
    await request(0);
    db.state.value = 2;
    // three requests past the age before the re-sum answers: all served the old sums, one sum started
    const served = await Promise.all([cache.totals(2026, at(60)), cache.totals(2026, at(61)), cache.totals(2026, at(62))]);
    expect(served.map((r) => [(r.groups[0] as any).value, r.countedAt])).toEqual(Array(3).fill([1, at(0)]));
    expect(db.state.calls).toBe(2);
    await db.release();
    await cache.settled();
    // the next request has the re-sum, counted at the time of the request that started it
    expect(await request(63)).toEqual({ value: 2, countedAt: 60, subdistricts: 5 });
    expect(db.state.calls).toBe(2);
    // and it ages again from there
    expect(await request(119)).toMatchObject({ value: 2, countedAt: 60 });
    expect(db.state.calls).toBe(2);
  });

  it('a failed re-sum is reported and keeps the old sums; the next stale request tries again', async () => {
    const { db, cache, errors, request } = setUp();
    await request(0);
    db.state.value = 2;
    db.state.failNext = true;
    expect(await request(70)).toMatchObject({ value: 1, countedAt: 0 });
    await cache.settled();
    expect(errors.map((e) => (e as Error).message)).toEqual(['database gone']);
    expect(await request(71)).toMatchObject({ value: 1, countedAt: 0 }); // served the old ones, a second re-sum started
    await cache.settled();
    expect(await request(72)).toMatchObject({ value: 2, countedAt: 71 });
    expect(db.state.calls).toBe(3);
  });

  it('a year that shrinks below the threshold is exact again after its next sum; years are kept apart', async () => {
    const { db, cache, request } = setUp();
    await request(0);
    db.state.subdistricts = 2;
    db.state.value = 2;
    expect(await request(60)).toMatchObject({ value: 1, countedAt: 0 }); // stale: served, re-summed
    await cache.settled();
    expect(await request(61)).toEqual({ value: 2, countedAt: 61, subdistricts: 2 }); // below: summed by the request
    const other = cache.totals(2027, at(61));
    await db.release();
    expect((await other).countedAt).toEqual(at(61));
  });

  it('a clock set back (tests) counts as stale, and the re-sum started last is kept', async () => {
    const { db, cache, request } = setUp();
    await request(100);
    db.state.value = 2;
    expect(await request(10)).toMatchObject({ value: 1, countedAt: 100 });
    await cache.settled();
    expect(await request(11)).toMatchObject({ value: 2, countedAt: 10 });
  });
});
