import { OptimisticLockError } from '@app/persistence';
import { TransitionRefusedError, ValidationError } from '../../domain';
import { ScoreItemCommand } from '../score-item/score-item.command';
import { RecordMonthCommand } from './record-month.command';
import {
  bringTo, createHarness, eventsOf, expectRefused, Harness, race, rowLock, seedWorld, stationRow, World,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const special = { meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 20, onTime: 19, overdue: 1, returnedForShirking: 0, falsified: 0 }, complaints: 0, satisfaction: { surveyed: 30, satisfied: 29 } };
const monthRow = async (w: World, month: number) =>
  (await h.sql(`SELECT m.* FROM month_records m JOIN station_years sy ON sy.id = m.station_year_id WHERE sy.station_id = $1 AND m.month = $2`, [w.s.stations[0].id, month]))[0];

describe('RecordMonthHandler', () => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(h);
    await bringTo(h, w, 'opened'); // clock: 2026-11-20
  });

  it('records a month of four-platform data: event with actor and payload, projection row, version + 1, state kept', async () => {
    const before = await stationRow(h, w, 0);
    const result = await h.exec(new RecordMonthCommand(w.commandRoom, w.ref(0), 3, 'special', special));
    expect(result).toEqual({ month: 3, correction: false });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'recording', version: before.version + 1 });
    const [event] = (await eventsOf(h, w)).filter((e) => e.type === 'MonthRecorded');
    expect(event).toMatchObject({
      stream_type: 'station_year', stream_id: before.id, actor_id: w.commandRoom.userId, actor_role: 'command_room', reason: null,
      payload: { stationYearId: before.id, stationId: w.s.stations[0].id, month: 3, section: 'special', data: special, correction: false, previous: null },
    });
    expect(await monthRow(w, 3)).toMatchObject({ special, daily: null, corrections: 0 });
  });

  it('a correction needs a reason; with one it is a new event keeping the previous data', async () => {
    const before = await stationRow(h, w, 0);
    const error = await expectRefused(h, w, new RecordMonthCommand(w.commandRoom, w.ref(0), 3, 'special', { ...special, complaints: 1 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('reason');

    const result = await h.exec(new RecordMonthCommand(w.commandRoom, w.ref(0), 3, 'special', { ...special, complaints: 1 }, '补录一件投诉'));
    expect(result).toEqual({ month: 3, correction: true });
    expect(await stationRow(h, w, 0)).toMatchObject({ version: before.version + 1 });
    const event = (await eventsOf(h, w)).filter((e) => e.type === 'MonthRecorded').pop()!;
    expect(event).toMatchObject({ reason: '补录一件投诉', payload: { correction: true, previous: special, data: { complaints: 1 } } });
    expect(await monthRow(w, 3)).toMatchObject({ corrections: 1, special: { ...special, complaints: 1 } });
  });

  it('normalises daily-management deductions to points', async () => {
    await h.exec(new RecordMonthCommand(w.coordinator, w.ref(0), 4, 'daily', {
      deductions: [{ itemKey: 'workStyle', points: '1.5', reason: '群众反映办事拖拉', evidence: '投诉工单 GD-0412' }],
    }));
    expect((await monthRow(w, 4)).daily).toEqual({
      deductions: [{ itemKey: 'workStyle', points: 1.5, reason: '群众反映办事拖拉', evidence: '投诉工单 GD-0412' }],
    });
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const bad: [RecordMonthCommand, string][] = [
      [new RecordMonthCommand(w.commandRoom, w.ref(0), 12, 'special', special), 'month'], // December has not begun
      [new RecordMonthCommand(w.commandRoom, w.ref(0), 0, 'special', special), 'month'],
      [new RecordMonthCommand(w.coordinator, w.ref(0), 5, 'daily', { deductions: [{ itemKey: 'workOrders', points: '1', reason: 'x', evidence: 'y' }] }), 'deductions[0].itemKey'],
      [new RecordMonthCommand(w.coordinator, w.ref(0), 5, 'daily', { deductions: [{ itemKey: 'workStyle', points: '1', reason: ' ', evidence: 'y' }] }), 'deductions[0].reason'],
      [new RecordMonthCommand(w.coordinator, w.ref(0), 5, 'daily', { deductions: [{ itemKey: 'workStyle', points: '99', reason: 'x', evidence: 'y' }] }), 'deductions[0].points'],
    ];
    for (const [command, field] of bad) {
      const error = await expectRefused(h, w, command);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe(field);
    }
  });

  it('checks the four-platform numbers against each other and names every problem at once', async () => {
    const bad = {
      ...special, meetingsHeld: 2, meetingsAttended: 2, meetingsExcused: 1,
      workOrders: { received: 5, onTime: 4, overdue: 2, returnedForShirking: 0, falsified: 0 }, satisfaction: { surveyed: 3, satisfied: 4 },
    };
    const error = await expectRefused(h, w, new RecordMonthCommand(w.commandRoom, w.ref(0), 8, 'special', bad));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details.map((d) => d.field)).toEqual(['meetingsAttended', 'workOrders.onTime', 'satisfaction.satisfied']);
    expect(await monthRow(w, 8)).toBeUndefined();
  });

  it('two command-room users recording the same month at the same version: one wins, the other gets OptimisticLockError', async () => {
    const before = await stationRow(h, w, 1);
    const eventsBefore = (await eventsOf(h, w)).length;
    const results = await race(h, rowLock('station_years', before.id), [
      () => h.exec(new RecordMonthCommand(w.commandRoom, w.ref(1), 6, 'special', special)),
      () => h.exec(new RecordMonthCommand(w.coordinator, w.ref(1), 6, 'special', { ...special, complaints: 2 })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(OptimisticLockError);
    expect(await stationRow(h, w, 1)).toMatchObject({ version: before.version + 1 });
    expect(await eventsOf(h, w)).toHaveLength(eventsBefore + 1);
  });

  it('refuses a record once the station is being scored (state and allowed events named)', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'submitted');
    await h.exec(new ScoreItemCommand(v.commandRoom, v.ref(0), 'special', 'workOrders', '18', undefined, '测试分值'));
    const error = await expectRefused(h, v, new RecordMonthCommand(v.commandRoom, v.ref(0), 11, 'special', special));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'underScoring', event: 'MONTH_RECORDED', allowed: ['ITEM_SCORED', 'SCORES_FINALISED'] });
  });
});
