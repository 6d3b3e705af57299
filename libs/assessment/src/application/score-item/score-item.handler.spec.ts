import { TransitionRefusedError, ValidationError } from '../../domain';
import { RecordMonthCommand } from '../record-month/record-month.command';
import { ScoreItemCommand } from './score-item.command';
import {
  bringTo, bringToOverdue, createHarness, eventsOf, expectRefused, Harness, seedWorld, stationRow, TIMES, World,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const itemScore = async (w: World, i: number, key: string) =>
  (await h.sql(`SELECT tenths, comment, scored_by, scored_role FROM item_scores it JOIN station_years sy ON sy.id = it.station_year_id WHERE sy.station_id = $1 AND it.item_key = $2`, [w.s.stations[i].id, key]))[0];

describe('ScoreItemHandler', () => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(h);
    await bringTo(h, w, 'submitted');
    h.clock.set(TIMES.scored);
  });

  it('the first score starts scoring: one version step, event with actor and payload, projection row', async () => {
    const before = await stationRow(h, w, 0);
    const result = await h.exec(new ScoreItemCommand(w.commandRoom, w.ref(0), 'special', 'workOrders', '20', '依据四个平台数据'));
    expect(result).toEqual({ itemKey: 'workOrders', tenths: 200, previousTenths: null, suggestedTenths: 200, departureReason: null });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'underScoring', version: before.version + 1 });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'ItemScored', stream_id: before.id, actor_id: w.commandRoom.userId, actor_role: 'command_room', reason: null,
      payload: { stationYearId: before.id, stationId: w.s.stations[0].id, partKey: 'special', itemKey: 'workOrders', tenths: 200, previousTenths: null, comment: '依据四个平台数据', suggestedTenths: 200, departureReason: null },
    });
    expect(await itemScore(w, 0, 'workOrders')).toEqual({ tenths: 200, comment: '依据四个平台数据', scored_by: w.commandRoom.userId, scored_role: 'command_room' });
  });

  it('a score that differs from the suggestion (建议分) from the records needs a reason, kept in the event and the row', async () => {
    // another station, recorded before scoring: 3 overdue orders (−1.5) and one verified complaint (−1)
    const v = await seedWorld(h);
    await bringTo(h, v, 'opened');
    await h.exec(new RecordMonthCommand(v.commandRoom, v.ref(1), 5, 'special', {
      meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 10, onTime: 7, overdue: 3, returnedForShirking: 0, falsified: 0 },
      complaints: 1, satisfaction: { surveyed: 5, satisfied: 5 },
    }));
    await bringTo(h, v, 'submitted', { from: 'opened' });
    h.clock.set(TIMES.scored);
    const refused = await expectRefused(h, v, new ScoreItemCommand(v.commandRoom, v.ref(1), 'special', 'workOrders', '20'));
    expect(refused).toMatchObject({ field: 'reason' });
    expect(refused.message).toContain('建议分18.5分');
    const accepted = await h.exec(new ScoreItemCommand(v.commandRoom, v.ref(1), 'special', 'workOrders', '18.5'));
    expect(accepted).toMatchObject({ tenths: 185, suggestedTenths: 185, departureReason: null });
    const departed = await h.exec(new ScoreItemCommand(v.commandRoom, v.ref(1), 'special', 'satisfaction', '10', undefined, '投诉经复查不属实'));
    expect(departed).toMatchObject({ tenths: 100, suggestedTenths: 90, departureReason: '投诉经复查不属实' });
    expect((await eventsOf(h, v)).pop()).toMatchObject({ reason: '投诉经复查不属实', payload: { suggestedTenths: 90, departureReason: '投诉经复查不属实' } });
  });

  it('a changed score keeps old → new in the event, with the comment as its reason', async () => {
    const before = await stationRow(h, w, 0);
    const result = await h.exec(new ScoreItemCommand(w.commandRoom, w.ref(0), 'special', 'workOrders', '19.5', '复核后加分', '复核后加分'));
    expect(result).toEqual({ itemKey: 'workOrders', tenths: 195, previousTenths: 200, suggestedTenths: 200, departureReason: '复核后加分' });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'underScoring', version: before.version + 1 });
    expect((await eventsOf(h, w)).pop()).toMatchObject({ reason: '复核后加分', payload: { tenths: 195, previousTenths: 200 } });
    expect(await itemScore(w, 0, 'workOrders')).toMatchObject({ tenths: 195, comment: '复核后加分' });
  });

  it('refuses an item of another part, an unknown item, or a score out of range, naming the field', async () => {
    const cases: [ScoreItemCommand, string][] = [
      [new ScoreItemCommand(w.commandRoom, w.ref(0), 'special', 'workStyle', '10'), 'itemKey'],
      [new ScoreItemCommand(w.commandRoom, w.ref(0), 'special', 'nonsense', '10'), 'itemKey'],
      [new ScoreItemCommand(w.coordinator, w.ref(0), 'daily', 'serveCentre', '10.5'), 'score'],
      [new ScoreItemCommand(w.coordinator, w.ref(0), 'daily', 'serveCentre', '-1'), 'score'],
      [new ScoreItemCommand(w.coordinator, w.ref(0), 'daily', 'serveCentre', '9.55'), 'score'],
    ];
    for (const [command, field] of cases) {
      const error = await expectRefused(h, w, command);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe(field);
    }
  });

  it('scores a station that never submitted (overdue) from its records', async () => {
    const v = await seedWorld(h);
    await bringToOverdue(h, v);
    await h.exec(new ScoreItemCommand(v.coordinator, v.ref(0), 'daily', 'serveCentre', '10'));
    expect(await stationRow(h, v, 0)).toMatchObject({ state: 'underScoring', late: true });
  });

  it('refuses while the self-assessment is open and once scores are final, naming state and allowed events', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'window');
    const open = await expectRefused(h, v, new ScoreItemCommand(v.coordinator, v.ref(0), 'daily', 'serveCentre', '8'));
    expect(open).toBeInstanceOf(TransitionRefusedError);
    expect(open).toMatchObject({ state: 'selfAssessmentOpen', event: 'ITEM_SCORED', allowed: expect.arrayContaining(['SUBMIT', 'DRAFT_SAVED']) });
    await bringTo(h, v, 'scored', { from: 'window' });
    const fixed = await expectRefused(h, v, new ScoreItemCommand(v.coordinator, v.ref(0), 'daily', 'serveCentre', '8'));
    expect(fixed).toMatchObject({ state: 'scored', event: 'ITEM_SCORED', allowed: ['RESULT_APPROVED', 'RETURNED_FOR_RESCORING'] });
  });
});
