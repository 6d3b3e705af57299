import { SYSTEM_ACTOR } from '@app/platform';
import { MarkNotifiedCommand } from './mark-notified.command';
import { MarkNotifiedHandler } from './mark-notified.handler';
import { bringTo, createHarness, eventsOf, fingerprint, Harness, seedWorld, stationRow } from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  // registered by the notices worker module, not by AssessmentModule
  h = await createHarness({ extraHandlers: [MarkNotifiedHandler] });
});
afterAll(async () => {
  await h?.close();
});

describe('MarkNotifiedHandler', () => {
  it('moves a released station to notified once: event, version + 1; a duplicate changes nothing', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'released');
    const before = await stationRow(h, w, 0);
    expect(await h.exec(new MarkNotifiedCommand(SYSTEM_ACTOR, w.ref(0)))).toEqual({ changed: true, state: 'notified' });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'notified', version: before.version + 1 });
    expect(await stationRow(h, w, 1)).toMatchObject({ state: 'released' });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'AllNoticesDelivered', stream_id: before.id, actor_id: 'system', actor_role: 'admin',
      payload: { stationYearId: before.id, stationId: w.s.stations[0].id },
    });
    const unchanged = await fingerprint(h, w);
    expect(await h.exec(new MarkNotifiedCommand(SYSTEM_ACTOR, w.ref(0)))).toEqual({ changed: false, state: 'notified' });
    expect(await fingerprint(h, w)).toEqual(unchanged);
  });

  it('is a no-op for a station not yet released', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'approved');
    const unchanged = await fingerprint(h, w);
    expect(await h.exec(new MarkNotifiedCommand(SYSTEM_ACTOR, w.ref(0)))).toEqual({ changed: false, state: 'resultApproved' });
    expect(await fingerprint(h, w)).toEqual(unchanged);
  });
});
