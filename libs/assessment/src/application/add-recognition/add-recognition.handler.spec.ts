import { NotFoundError, TransitionRefusedError, ValidationError } from '../../domain';
import { AddRecognitionCommand, RecognitionInput } from './add-recognition.command';
import { bringTo, createHarness, eventsOf, expectRefused, Harness, seedWorld, stationRow } from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const input: RecognitionInput = { level: 'city', title: '“街巷长制”经验推广', issuer: '市委办公厅', recognisedOn: '2026-06-18', evidence: '简报第15期' };

describe('AddRecognitionHandler', () => {
  it('records a pending recognition: event with actor and payload, projection row, version + 1', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'opened');
    const before = await stationRow(h, w, 0);
    const { recognitionId } = await h.exec(new AddRecognitionCommand(w.coordinator, w.ref(0), input));
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'recording', version: before.version + 1 });
    const [event] = (await eventsOf(h, w)).filter((e) => e.type === 'RecognitionAdded');
    expect(event).toMatchObject({
      stream_type: 'station_year', stream_id: before.id, actor_id: w.coordinator.userId, actor_role: 'coordinator',
      payload: { stationYearId: before.id, stationId: w.s.stations[0].id, recognitionId, ...input },
    });
    const [row] = await h.sql(`SELECT level, title, issuer, to_char(recognised_on, 'YYYY-MM-DD') AS on, evidence, status FROM recognitions WHERE id = $1`, [recognitionId]);
    expect(row).toEqual({ level: 'city', title: input.title, issuer: input.issuer, on: '2026-06-18', evidence: input.evidence, status: 'pending' });
  });

  it('refuses a recognition outside the assessment year or of an unknown level, naming the field', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'opened');
    const outside = await expectRefused(h, w, new AddRecognitionCommand(w.coordinator, w.ref(0), { ...input, recognisedOn: '2025-12-30' }));
    expect(outside).toBeInstanceOf(ValidationError);
    expect(outside.field).toBe('recognisedOn');
    const level = await expectRefused(h, w, new AddRecognitionCommand(w.coordinator, w.ref(0), { ...input, level: 'galactic' as any }));
    expect(level).toBeInstanceOf(ValidationError);
    expect(level.field).toBe('level');
  });

  it('refuses once the station is scored (state named) and for a year never opened', async () => {
    const w = await seedWorld(h);
    const missing = await expectRefused(h, w, new AddRecognitionCommand(w.coordinator, w.ref(0), input));
    expect(missing).toBeInstanceOf(NotFoundError);
    await bringTo(h, w, 'scored');
    const error = await expectRefused(h, w, new AddRecognitionCommand(w.coordinator, w.ref(0), input));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'scored', event: 'RECOGNITION_ADDED', allowed: ['RESULT_APPROVED', 'RETURNED_FOR_RESCORING'] });
  });
});
