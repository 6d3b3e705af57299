/**
 * Runs bench/board.bench.ts on a small generated data set (BENCH_STATIONS, default 1,500) so the benchmark keeps
 * working; `BENCH_STATIONS=20000 npx jest test/board-bench.e2e-spec.ts` prints the full-size figures.
 */
import { run } from '../bench/board.bench';

it('times the late board beside the raw anti-join, and the whole-set overview', async () => {
  const stations = Number(process.env.BENCH_STATIONS ?? 1500);
  const r = await run({ stations });
  // eslint-disable-next-line no-console
  console.log(JSON.stringify(r));
  expect(r.rowsWholeBoard).toBe(stations);
  expect(r.rowsPerSubdistrictBoard).toBe(15);
  expect(r.subdistrictBoardP50Ms).toBeGreaterThan(0);
  // the whole-set overview: a page of 50 subdistricts, totals over every station
  expect(r.overviewRows).toBe(Math.min(50, Math.ceil(stations / 15)));
  expect(r.overviewStations).toBe(stations);
  expect(r.overviewExactP50Ms).toBeGreaterThan(0);
  expect(r.overviewServedP50Ms).toBeGreaterThan(0);
  expect(r.overviewServedFromKeptTotals).toBe(Math.ceil(stations / 15) >= 1000 ? 1 : 0);
}, 600_000);
