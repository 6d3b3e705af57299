import { OptimisticLockError } from '@app/persistence';
import { NotFoundError, TransitionRefusedError, ValidationError } from '../../domain';
import { AddRecognitionCommand } from '../add-recognition/add-recognition.command';
import { FinaliseScoresCommand } from '../finalise-scores/finalise-scores.command';
import { DecideRecognitionCommand } from './decide-recognition.command';
import {
  bringTo, createHarness, eventsOf, expectRefused, Harness, race, rowLock, scoreAll, seedWorld, stationRow, World,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const add = async (w: World, i = 0) =>
  (await h.exec(new AddRecognitionCommand(w.coordinator, w.ref(i), {
    level: 'province', title: '省级创新案例', issuer: '省委政法委', recognisedOn: '2026-05-10', evidence: '通报〔2026〕3号',
  }))).recognitionId;
const recognition = async (id: string) => (await h.sql(`SELECT status, decided_by, decision_reason FROM recognitions WHERE id = $1`, [id]))[0];

describe('DecideRecognitionHandler', () => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(h);
    await bringTo(h, w, 'opened');
  });

  it('verifies a recognition: event with actor and previous status, projection updated, version + 1', async () => {
    const id = await add(w);
    const before = await stationRow(h, w, 0);
    expect(await h.exec(new DecideRecognitionCommand(w.coordinator, w.ref(0), id, true))).toEqual({ recognitionId: id, status: 'verified' });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'recording', version: before.version + 1 });
    expect(await recognition(id)).toEqual({ status: 'verified', decided_by: w.coordinator.userId, decision_reason: null });
    const event = (await eventsOf(h, w)).pop()!;
    expect(event).toMatchObject({
      type: 'RecognitionVerified', stream_id: before.id, actor_id: w.coordinator.userId, actor_role: 'coordinator', reason: null,
      payload: { stationYearId: before.id, recognitionId: id, previous: 'pending' },
    });
  });

  it('refusing needs a reason (field named, nothing written); with one the reason is recorded', async () => {
    const id = await add(w);
    const error = await expectRefused(h, w, new DecideRecognitionCommand(w.coordinator, w.ref(0), id, false, '  '));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('reason');
    expect(await recognition(id)).toMatchObject({ status: 'pending' });

    await h.exec(new DecideRecognitionCommand(w.coordinator, w.ref(0), id, false, '佐证材料不足'));
    expect(await recognition(id)).toEqual({ status: 'refused', decided_by: w.coordinator.userId, decision_reason: '佐证材料不足' });
    expect((await eventsOf(h, w)).pop()).toMatchObject({ type: 'RecognitionRefused', reason: '佐证材料不足', payload: { previous: 'pending' } });
  });

  it('answers NotFoundError for a recognition of another station, and writes nothing', async () => {
    const id = await add(w, 1);
    const error = await expectRefused(h, w, new DecideRecognitionCommand(w.coordinator, w.ref(0), id, true));
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('refuses once the score is fixed, naming the state', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'opened');
    const id = await add(v);
    await h.exec(new DecideRecognitionCommand(v.coordinator, v.ref(0), id, true));
    await bringTo(h, v, 'scored', { from: 'opened' });
    const error = await expectRefused(h, v, new DecideRecognitionCommand(v.coordinator, v.ref(0), id, false, '复核不予认定'));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'scored', reason: 'the score is already fixed' });
    expect(await recognition(id)).toMatchObject({ status: 'verified' });
  });

  it('a decision racing a finalisation at the same version: one of them gets OptimisticLockError', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'opened');
    const id = await add(v);
    await h.exec(new DecideRecognitionCommand(v.coordinator, v.ref(0), id, true));
    await bringTo(h, v, 'submitted', { from: 'opened' });
    await scoreAll(h, v, 0);
    const before = await stationRow(h, v, 0);
    const eventsBefore = (await eventsOf(h, v)).length;
    const results = await race<unknown>(h, rowLock('station_years', before.id), [
      () => h.exec(new DecideRecognitionCommand(v.coordinator, v.ref(0), id, false, '复核不予认定')),
      () => h.exec(new FinaliseScoresCommand(v.coordinator, v.ref(0))),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(OptimisticLockError);
    expect(await stationRow(h, v, 0)).toMatchObject({ version: before.version + 1 });
    expect(await eventsOf(h, v)).toHaveLength(eventsBefore + 1);
  });
});
