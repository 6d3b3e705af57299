import { NotFoundError, TransitionRefusedError, ValidationError } from '../../domain';
import { ReturnResultsCommand } from './return-results.command';
import { bringTo, createHarness, eventsOf, expectRefused, Harness, seedWorld, stationRow, yearRow } from '../testing/handler-harness';
import { randomUUID } from 'node:crypto';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('ReturnResultsHandler', () => {
  it('returns one station for rescoring with the reason: year returned, that station underScoring, the other untouched', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'pendingApproval');
    const [y, s0, s1] = [await yearRow(h, w), await stationRow(h, w, 0), await stationRow(h, w, 1)];
    const stationId = w.s.stations[1].id;
    expect(await h.exec(new ReturnResultsCommand(w.leader, w.year, '作风效能得分偏低，请复核', stationId))).toEqual({ state: 'returned', stations: 1 });
    const year = await yearRow(h, w);
    expect(year).toMatchObject({ state: 'returned', version: y.version + 1 });
    expect(year.snapshot.context).toMatchObject({ returns: 1, lastReturnReason: '作风效能得分偏低，请复核', rescoreStationIds: [stationId] });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'scored', version: s0.version });
    const returned = await stationRow(h, w, 1);
    expect(returned).toMatchObject({ state: 'underScoring', version: s1.version + 1 });
    expect(returned.snapshot.context).toMatchObject({ returns: 1, lastReturnReason: '作风效能得分偏低，请复核' });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'StationReturned', stream_id: y.id, actor_id: w.leader.userId, actor_role: 'leader', reason: '作风效能得分偏低，请复核',
      payload: { assessmentYearId: y.id, stationIds: [stationId], returnedStationId: stationId },
    });
  });

  it('returns the whole approved table', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'approved');
    expect(await h.exec(new ReturnResultsCommand(w.leader, w.year, '全表重新核分'))).toEqual({ state: 'returned', stations: 2 });
    expect((await yearRow(h, w)).snapshot.context).toMatchObject({ tableReturned: true });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'underScoring' });
    expect((await eventsOf(h, w)).pop()).toMatchObject({ type: 'TableReturned', payload: { returnedStationId: null } });
  });

  it('refuses without a reason, or for a station not in the table, and changes nothing', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'pendingApproval');
    const noReason = await expectRefused(h, w, new ReturnResultsCommand(w.leader, w.year, ' ', w.s.stations[0].id));
    expect(noReason).toBeInstanceOf(ValidationError);
    expect(noReason.field).toBe('reason');
    const stranger = await expectRefused(h, w, new ReturnResultsCommand(w.leader, w.year, '请复核', randomUUID()));
    expect(stranger).toBeInstanceOf(NotFoundError);
    expect(await yearRow(h, w)).toMatchObject({ state: 'pendingApproval' });
  });

  it('refuses before the table reaches the leaders, naming the state and allowed events', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'computed');
    const error = await expectRefused(h, w, new ReturnResultsCommand(w.leader, w.year, '请复核'));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'resultsComputed', event: 'TABLE_RETURNED', allowed: ['RESULTS_COMPUTED', 'SUBMITTED_FOR_APPROVAL'] });
  });
});
