import { TransitionRefusedError } from '../../domain';
import { FinaliseScoresCommand } from '../finalise-scores/finalise-scores.command';
import { ComputeResultsCommand } from './compute-results.command';
import {
  bringTo, createHarness, eventsOf, expectRefused, Harness, scoreAll, seedWorld, stationRow, yearRow,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('ComputeResultsHandler', () => {
  it('refuses while a station is unscored (reason given), and writes nothing', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'submitted');
    await scoreAll(h, w, 0);
    await h.exec(new FinaliseScoresCommand(w.coordinator, w.ref(0)));
    const error = await expectRefused(h, w, new ComputeResultsCommand(w.coordinator, w.year));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ event: 'RESULTS_COMPUTED', reason: 'results cannot be computed while stations are unscored' });
    expect(await h.sql(`SELECT 1 FROM year_results y JOIN assessment_years a ON a.id = y.assessment_year_id WHERE a.subdistrict_id = $1`, [w.s.id])).toHaveLength(0);
  });

  it('ranks, grades and prices the year: state, version + 1, event payload, station_results and year_results', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'scored');
    const before = await yearRow(h, w);
    expect(before.state).toBe('selfAssessmentWindow'); // everyone submitted: the deadline job never ran
    const result = await h.exec(new ComputeResultsCommand(w.coordinator, w.year));
    expect(result).toEqual({ stations: 2, excellentQuota: expect.any(Number), budgetYuan: expect.any(Number) });
    expect(await yearRow(h, w)).toMatchObject({ state: 'resultsComputed', version: before.version + 1 });

    const event = (await eventsOf(h, w)).pop()!;
    expect(event).toMatchObject({
      type: 'ResultsComputed', stream_type: 'assessment_year', stream_id: before.id, actor_id: w.coordinator.userId, actor_role: 'coordinator',
      payload: { assessmentYearId: before.id, stationCount: 2, excellentQuota: result.excellentQuota, budgetYuan: result.budgetYuan },
    });
    expect(event.payload.stations.map((s: any) => [s.stationId, s.total, s.rank])).toEqual([
      [w.s.stations[0].id, 930, 1],
      [w.s.stations[1].id, 900, 2],
    ]);
    const rows = await h.sql(`SELECT sy.station_id, r.total, r.rank, r.grade FROM station_results r JOIN station_years sy ON sy.id = r.station_year_id
                              WHERE r.assessment_year_id = $1 ORDER BY r.rank`, [before.id]);
    expect(rows).toEqual(event.payload.stations.map((s: any) => ({ station_id: s.stationId, total: s.total, rank: s.rank, grade: s.grade })));
    const [year] = await h.sql(`SELECT station_count, excellent_quota, budget_yuan FROM year_results WHERE assessment_year_id = $1`, [before.id]);
    expect(year).toEqual({ station_count: 2, excellent_quota: result.excellentQuota, budget_yuan: result.budgetYuan });
    // station rows are not touched by computing
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'scored' });

    // a recomputation stays in resultsComputed and replaces the projection
    await h.exec(new ComputeResultsCommand(w.coordinator, w.year));
    expect(await yearRow(h, w)).toMatchObject({ state: 'resultsComputed', version: before.version + 2 });
    expect(await h.sql(`SELECT 1 FROM station_results WHERE assessment_year_id = $1`, [before.id])).toHaveLength(2);
  });

  it('refuses once the table is with the leaders, naming the state and allowed events', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'pendingApproval');
    const error = await expectRefused(h, w, new ComputeResultsCommand(w.coordinator, w.year));
    expect(error).toMatchObject({ state: 'pendingApproval', event: 'RESULTS_COMPUTED', allowed: ['APPROVED', 'TABLE_RETURNED', 'STATION_RETURNED'] });
  });
});
