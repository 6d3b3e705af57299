import { NotFoundError, TransitionRefusedError } from '../../domain';
import { OpenWindowCommand } from './open-window.command';
import { bringTo, createHarness, eventsOf, expectRefused, Harness, seedWorld, stationRow, TIMES, yearRow } from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('OpenWindowHandler', () => {
  it('opens the self-assessment window for the year and every recording station, with the policy deadline', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'opened');
    const before = [await yearRow(h, w), await stationRow(h, w, 0), await stationRow(h, w, 1)];
    h.clock.set(TIMES.window);
    const result = await h.exec(new OpenWindowCommand(w.coordinator, w.year));
    // deadline 12-31 in Asia/Shanghai: the first late instant is 1 January 00:00 local
    expect(result).toEqual({ stations: 2, deadline: '2026-12-31T16:00:00.000Z' });

    const year = await yearRow(h, w);
    expect(year).toMatchObject({ state: 'selfAssessmentWindow', version: before[0].version + 1 });
    for (const i of [0, 1]) {
      const s = await stationRow(h, w, i);
      expect(s).toMatchObject({ state: 'selfAssessmentOpen', version: before[i + 1].version + 1 });
      expect(s.snapshot.context.deadline).toBe('2026-12-31T15:59:59.999Z');
    }
    const [event] = (await eventsOf(h, w)).filter((e) => e.type === 'SelfAssessmentWindowOpened');
    expect(event).toMatchObject({
      stream_type: 'assessment_year', stream_id: year.id, actor_id: w.coordinator.userId, actor_role: 'coordinator', reason: null,
      payload: { assessmentYearId: year.id, deadline: '2026-12-31T16:00:00.000Z', stationYearIds: expect.arrayContaining([before[1].id, before[2].id]) },
    });
    expect(event.occurred_at.toISOString()).toBe(new Date(TIMES.window).toISOString());
  });

  it('refuses a second opening, naming the state and what it allows, and changes nothing', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'window');
    const error = await expectRefused(h, w, new OpenWindowCommand(w.coordinator, w.year));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'selfAssessmentWindow', event: 'WINDOW_OPENED', allowed: ['DEADLINE_PASSED', 'SCORING_STARTED'] });
  });

  it('answers NotFoundError for a year that was never opened', async () => {
    const w = await seedWorld(h);
    const error = await expectRefused(h, w, new OpenWindowCommand(w.coordinator, w.year));
    expect(error).toBeInstanceOf(NotFoundError);
  });
});
