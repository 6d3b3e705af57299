import { TransitionRefusedError } from '../../domain';
import { ApproveResultsCommand } from './approve-results.command';
import {
  bringTo, createHarness, eventsOf, expectRefused, Harness, PUBLICITY_POLICY, seedWorld, stationRow, yearRow,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('ApproveResultsHandler', () => {
  it('approves the table and every scored station (no publicity): states, versions, event with reason', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'pendingApproval');
    const [y, s0, s1] = [await yearRow(h, w), await stationRow(h, w, 0), await stationRow(h, w, 1)];
    const result = await h.exec(new ApproveResultsCommand(w.leader, w.year, '领导小组会议审定'));
    expect(result).toEqual({ state: 'approved', publicityUntil: null });
    expect(await yearRow(h, w)).toMatchObject({ state: 'approved', version: y.version + 1, publicity_until: null });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'resultApproved', version: s0.version + 1 });
    expect(await stationRow(h, w, 1)).toMatchObject({ state: 'resultApproved', version: s1.version + 1 });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'ResultsApproved', stream_id: y.id, actor_id: w.leader.userId, actor_role: 'leader', reason: '领导小组会议审定',
      payload: { assessmentYearId: y.id, stationIds: expect.arrayContaining([w.s.stations[0].id, w.s.stations[1].id]), publicityUntil: null },
    });
  });

  it('with publicity on, starts the publicity period until the end of its last working day', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'pendingApproval', { policyVersion: PUBLICITY_POLICY }); // clock: Tue 2027-01-12
    const result = await h.exec(new ApproveResultsCommand(w.leader, w.year));
    // five working days after 12 January: 13, 14, 15, 18, 19 → ends at 20 January 00:00 local
    expect(result).toEqual({ state: 'publicity', publicityUntil: '2027-01-19T16:00:00.000Z' });
    const year = await yearRow(h, w);
    expect(year).toMatchObject({ state: 'publicity' });
    expect(year.publicity_until!.toISOString()).toBe('2027-01-19T16:00:00.000Z');
    expect(year.snapshot.context.publicityEnded).toBe(false);
    expect((await eventsOf(h, w)).pop()).toMatchObject({ type: 'ResultsApproved', reason: null, payload: { publicityUntil: '2027-01-19T16:00:00.000Z' } });
  });

  it('refuses a table not submitted to the leaders, naming the state and allowed events', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'computed');
    const error = await expectRefused(h, w, new ApproveResultsCommand(w.leader, w.year));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'resultsComputed', event: 'APPROVED', allowed: ['RESULTS_COMPUTED', 'SUBMITTED_FOR_APPROVAL'] });
  });
});
