import { TransitionRefusedError, ValidationError } from '../../domain';
import { AddRecognitionCommand } from '../add-recognition/add-recognition.command';
import { DecideRecognitionCommand } from '../decide-recognition/decide-recognition.command';
import { ScoreItemCommand } from '../score-item/score-item.command';
import { FinaliseScoresCommand } from './finalise-scores.command';
import {
  bringTo, createHarness, eventsOf, expectRefused, Harness, scoreAll, seedWorld, stationRow, World,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('FinaliseScoresHandler', () => {
  let w: World;
  let recognitionId: string;
  beforeAll(async () => {
    w = await seedWorld(h);
    await bringTo(h, w, 'opened');
    ({ recognitionId } = await h.exec(new AddRecognitionCommand(w.coordinator, w.ref(0), {
      level: 'province', title: '省级创新案例', issuer: '省委政法委', recognisedOn: '2026-05-10', evidence: '通报〔2026〕3号',
    })));
    await bringTo(h, w, 'submitted', { from: 'opened' });
  });

  it('refuses while items are unscored, naming them, and writes nothing', async () => {
    await h.exec(new ScoreItemCommand(w.commandRoom, w.ref(0), 'special', 'workOrders', '18.5', undefined, '测试分值'));
    const error = await expectRefused(h, w, new FinaliseScoresCommand(w.coordinator, w.ref(0)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'scores', reason: expect.stringContaining('serveCentre') });
    expect(error.reason).not.toContain('workOrders');
  });

  it('refuses while a recognition awaits verification', async () => {
    await scoreAll(h, w, 0);
    const error = await expectRefused(h, w, new FinaliseScoresCommand(w.coordinator, w.ref(0)));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.field).toBe('recognitions');
  });

  it('fixes the scores with the verified innovation bonus: state, version + 1, event with the totals', async () => {
    await h.exec(new DecideRecognitionCommand(w.coordinator, w.ref(0), recognitionId, true));
    const before = await stationRow(h, w, 0);
    expect(await h.exec(new FinaliseScoresCommand(w.coordinator, w.ref(0)))).toEqual({ totalTenths: 930 + 30 });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'scored', version: before.version + 1 });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'ScoresFinalised', stream_id: before.id, actor_id: w.coordinator.userId, actor_role: 'coordinator',
      payload: {
        stationYearId: before.id, totalTenths: 960, innovationTenths: 30,
        itemScores: { serveCentre: 95, performDuties: 90, workStyle: 140, teamBuilding: 140, platformParticipation: 190, workOrders: 185, satisfaction: 90 },
      },
    });
  });

  it('refuses a second finalisation, naming the state and allowed events', async () => {
    const error = await expectRefused(h, w, new FinaliseScoresCommand(w.coordinator, w.ref(0)));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'scored', event: 'SCORES_FINALISED', allowed: ['RESULT_APPROVED', 'RETURNED_FOR_RESCORING'] });
  });
});
