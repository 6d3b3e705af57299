import { TransitionRefusedError } from '../../domain';
import { SubmitForApprovalCommand } from './submit-for-approval.command';
import { bringTo, createHarness, eventsOf, expectRefused, Harness, seedWorld, stationRow, yearRow } from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('SubmitForApprovalHandler', () => {
  it('hands the computed table to the leaders: state, version + 1, event; station rows untouched', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'computed');
    const [before, s0] = [await yearRow(h, w), await stationRow(h, w, 0)];
    expect(await h.exec(new SubmitForApprovalCommand(w.coordinator, w.year))).toEqual({ state: 'pendingApproval' });
    expect(await yearRow(h, w)).toMatchObject({ state: 'pendingApproval', version: before.version + 1 });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'scored', version: s0.version });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'ResultsSubmittedForApproval', stream_id: before.id, actor_id: w.coordinator.userId, actor_role: 'coordinator', reason: null,
      payload: { assessmentYearId: before.id, stationIds: [] },
    });
  });

  it('refuses before results are computed and a second time, naming the state and allowed events', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'scored');
    const early = await expectRefused(h, w, new SubmitForApprovalCommand(w.coordinator, w.year));
    expect(early).toBeInstanceOf(TransitionRefusedError);
    expect(early).toMatchObject({ state: 'selfAssessmentWindow', event: 'SUBMITTED_FOR_APPROVAL', allowed: ['DEADLINE_PASSED', 'SCORING_STARTED'] });
    await bringTo(h, w, 'pendingApproval', { from: 'scored' });
    const again = await expectRefused(h, w, new SubmitForApprovalCommand(w.coordinator, w.year));
    expect(again).toMatchObject({ state: 'pendingApproval', allowed: ['APPROVED', 'TABLE_RETURNED', 'STATION_RETURNED'] });
  });
});
