import { TransitionRefusedError, ValidationError } from '../../domain';
import { GrantExtensionCommand } from './grant-extension.command';
import { bringTo, bringToOverdue, createHarness, eventsOf, expectRefused, Harness, seedWorld, stationRow, World } from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('GrantExtensionHandler', () => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(h);
    await bringToOverdue(h, w); // clock: 2027-01-01 00:00 local
  });

  it('extends an overdue station to the end of the given local day, with the reason on the event', async () => {
    const before = await stationRow(h, w, 0);
    const result = await h.exec(new GrantExtensionCommand(w.coordinator, w.ref(0), '2027-01-10', '汛期抢险任务重'));
    expect(result).toEqual({ extendedUntil: '2027-01-10T15:59:59.999Z' });
    const after = await stationRow(h, w, 0);
    expect(after).toMatchObject({ state: 'extended', version: before.version + 1, late: true });
    expect(after.extended_until!.toISOString()).toBe('2027-01-10T15:59:59.999Z');
    expect(after.snapshot.context).toMatchObject({ extendedUntil: '2027-01-10T15:59:59.999Z', extensionReason: '汛期抢险任务重', late: true });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'ExtensionGranted', stream_id: before.id, actor_id: w.coordinator.userId, actor_role: 'coordinator', reason: '汛期抢险任务重',
      payload: { stationYearId: before.id, stationId: w.s.stations[0].id, until: '2027-01-10T15:59:59.999Z', previous: null },
    });
  });

  it('changes the date of a running extension, keeping the previous one in the event', async () => {
    await h.exec(new GrantExtensionCommand(w.coordinator, w.ref(0), '2027-01-15', '再延期一次'));
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'extended' });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      payload: { until: '2027-01-15T15:59:59.999Z', previous: '2027-01-10T15:59:59.999Z' }, reason: '再延期一次',
    });
  });

  it('refuses without a reason, with a past or invalid date, naming the field; nothing is written', async () => {
    const cases: [GrantExtensionCommand, string][] = [
      [new GrantExtensionCommand(w.coordinator, w.ref(1), '2027-01-10', ' '), 'reason'],
      [new GrantExtensionCommand(w.coordinator, w.ref(1), '2026-12-31', '补交'), 'until'],
      [new GrantExtensionCommand(w.coordinator, w.ref(1), 'next friday', '补交'), 'until'],
      [new GrantExtensionCommand(w.coordinator, w.ref(1), '2027-02-30', '补交'), 'until'],
    ];
    for (const [command, field] of cases) {
      const error = await expectRefused(h, w, command);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe(field);
    }
  });

  it('refuses a station that is not overdue, naming its state and allowed events', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'window');
    const error = await expectRefused(h, v, new GrantExtensionCommand(v.coordinator, v.ref(0), '2027-01-10', '补交'));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'selfAssessmentOpen', event: 'EXTENSION_GRANTED', allowed: expect.arrayContaining(['SUBMIT', 'DEADLINE_PASSED']) });
  });
});
