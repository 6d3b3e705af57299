import { randomUUID } from 'node:crypto';
import { NotFoundError, TransitionRefusedError, ValidationError } from '../../domain';
import { AdjustGradeCommand } from './adjust-grade.command';
import { bringTo, createHarness, eventsOf, expectRefused, Harness, seedWorld, stationRow, World } from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('AdjustGradeHandler', () => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(h); // station 0 independent, station 1 regional
    await bringTo(h, w, 'scored');
  });

  it("sets one person's grade at an independent station with the reason: projection, event, version + 1, state kept", async () => {
    const staffId = w.s.stations[0].staffIds[2];
    const before = await stationRow(h, w, 0);
    expect(await h.exec(new AdjustGradeCommand(w.coordinator, w.ref(0), staffId, 'unqualified', '年度内受到党纪处分'))).toEqual({ staffId, grade: 'unqualified' });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'scored', version: before.version + 1 });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'GradeAdjusted', stream_id: before.id, actor_id: w.coordinator.userId, actor_role: 'coordinator', reason: '年度内受到党纪处分',
      payload: { stationYearId: before.id, stationId: w.s.stations[0].id, staffId, grade: 'unqualified' },
    });
    const rows = await h.sql(`SELECT staff_id, grade, reason, set_by FROM grade_adjustments WHERE station_year_id = $1`, [before.id]);
    expect(rows).toEqual([{ staff_id: staffId, grade: 'unqualified', reason: '年度内受到党纪处分', set_by: w.coordinator.userId }]);

    // a second adjustment replaces the first
    await h.exec(new AdjustGradeCommand(w.coordinator, w.ref(0), staffId, 'qualified', '处分已撤销'));
    expect(await h.sql(`SELECT grade, reason FROM grade_adjustments WHERE station_year_id = $1`, [before.id])).toEqual([{ grade: 'qualified', reason: '处分已撤销' }]);
  });

  it('refuses a bad grade, a missing reason, a regional station or a stranger, and writes nothing', async () => {
    const staff0 = w.s.stations[0].staffIds[1];
    const cases: [AdjustGradeCommand, (e: any) => void][] = [
      [new AdjustGradeCommand(w.coordinator, w.ref(0), staff0, 'outstanding' as any, '理由'), (e) => expect(e).toMatchObject({ field: 'grade' })],
      [new AdjustGradeCommand(w.coordinator, w.ref(0), staff0, 'good', ' '), (e) => expect(e).toMatchObject({ field: 'reason' })],
      [new AdjustGradeCommand(w.coordinator, w.ref(1), w.s.stations[1].staffIds[0], 'good', '理由'), (e) => expect(e).toMatchObject({ field: 'staffId' })],
      [new AdjustGradeCommand(w.coordinator, w.ref(0), w.s.stations[1].staffIds[0], 'good', '理由'), (e) => expect(e).toBeInstanceOf(NotFoundError)],
      [new AdjustGradeCommand(w.coordinator, w.ref(0), randomUUID(), 'good', '理由'), (e) => expect(e).toBeInstanceOf(NotFoundError)],
    ];
    for (const [command, check] of cases) {
      const error = await expectRefused(h, w, command);
      if (!(error instanceof NotFoundError)) expect(error).toBeInstanceOf(ValidationError);
      check(error);
    }
  });

  it('refuses once results are approved, naming the state', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'approved');
    const error = await expectRefused(h, v, new AdjustGradeCommand(v.coordinator, v.ref(0), v.s.stations[0].staffIds[0], 'good', '理由'));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'resultApproved', event: 'ADJUST_GRADE', reason: expect.stringContaining('approved') });
  });
});
