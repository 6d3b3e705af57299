import { SYSTEM_ACTOR } from '@app/platform';
import { TransitionRefusedError } from '../../domain';
import { GrantExtensionCommand } from '../grant-extension/grant-extension.command';
import { PassDeadlineCommand } from './pass-deadline.command';
import {
  bringTo, createHarness, eventsOf, expectRefused, fingerprint, Harness, seedWorld, stationRow, submitCommand, TIMES, yearRow,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('PassDeadlineHandler', () => {
  it('marks every station that has not submitted overdue (late), moves the year to scoring, leaves the others alone', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'window');
    h.clock.set(TIMES.submitted);
    await h.exec(submitCommand(w, 0));
    const [s0, s1, y] = [await stationRow(h, w, 0), await stationRow(h, w, 1), await yearRow(h, w)];
    h.clock.set(TIMES.deadlinePassed);
    const result = await h.exec(new PassDeadlineCommand(SYSTEM_ACTOR, w.year));
    expect(result).toEqual({ overdue: [w.s.stations[1].id] });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'submitted', version: s0.version, late: false });
    const after = await stationRow(h, w, 1);
    expect(after).toMatchObject({ state: 'overdue', version: s1.version + 1, late: true });
    expect(after.snapshot.context.late).toBe(true);
    expect(await yearRow(h, w)).toMatchObject({ state: 'scoring', version: y.version + 1 });
    const events = (await eventsOf(h, w)).filter((e) => e.type === 'MarkedOverdue');
    expect(events).toEqual([expect.objectContaining({
      stream_type: 'station_year', stream_id: s1.id, actor_id: 'system', actor_role: 'admin', reason: null,
      payload: { stationYearId: s1.id, stationId: w.s.stations[1].id, extensionLapsed: false },
    })]);
    expect(events[0].occurred_at.toISOString()).toBe(new Date(TIMES.deadlinePassed).toISOString());

    // a duplicate job changes nothing
    const before = await fingerprint(h, w);
    expect(await h.exec(new PassDeadlineCommand(SYSTEM_ACTOR, w.year))).toEqual({ overdue: [] });
    expect(await fingerprint(h, w)).toEqual(before);
  });

  it('marks a station overdue again once its extension has run out (extensionLapsed), not before', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'window');
    h.clock.set(TIMES.deadlinePassed);
    await h.exec(new PassDeadlineCommand(SYSTEM_ACTOR, w.year));
    await h.exec(new GrantExtensionCommand(w.coordinator, w.ref(0), '2027-01-10', '汛期抢险任务重'));
    h.clock.set('2027-01-10T23:59:00+08:00');
    expect(await h.exec(new PassDeadlineCommand(SYSTEM_ACTOR, w.year))).toEqual({ overdue: [] });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'extended' });
    h.clock.set('2027-01-11T00:00:00+08:00');
    expect(await h.exec(new PassDeadlineCommand(SYSTEM_ACTOR, w.year))).toEqual({ overdue: [w.s.stations[0].id] });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'overdue', late: true });
    expect((await eventsOf(h, w)).pop()).toMatchObject({ type: 'MarkedOverdue', payload: { extensionLapsed: true } });
  });

  it('is refused before the deadline (an early job marks nobody overdue)', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'window');
    h.clock.set('2026-12-31T23:59:59.999+08:00');
    const error = await expectRefused(h, w, new PassDeadlineCommand(SYSTEM_ACTOR, w.year));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'selfAssessmentWindow', event: 'DEADLINE_PASSED', reason: expect.stringContaining('2026-12-31T16:00:00.000Z') });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'selfAssessmentOpen', late: false });
  });
});
