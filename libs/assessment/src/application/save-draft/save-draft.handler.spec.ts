import { TransitionRefusedError, ValidationError } from '../../domain';
import { SaveDraftCommand } from './save-draft.command';
import {
  bringTo, createHarness, eventsOf, expectRefused, Harness, seedWorld, stationRow, submitCommand, TIMES, World,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const draft = async (w: World) => (await h.sql(`SELECT sa.status, sa.scores, sa.justifications, sa.report, sa.submitted_at FROM self_assessments sa JOIN station_years sy ON sy.id = sa.station_year_id WHERE sy.station_id = $1`, [w.s.stations[0].id]))[0];

describe('SaveDraftHandler', () => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(h);
    await bringTo(h, w, 'window');
    h.clock.set(TIMES.submitted);
  });

  it('saves a partial draft in tenths: event with actor and payload, projection row, version + 1, state kept', async () => {
    const before = await stationRow(h, w, 0);
    const result = await h.exec(new SaveDraftCommand(w.station(0), w.ref(0), { scores: { serveCentre: '9.5', workOrders: 18 }, justifications: { serveCentre: '草稿' } }));
    expect(result).toEqual({ saved: true });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'selfAssessmentOpen', version: before.version + 1 });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'SelfAssessmentDraftSaved', stream_id: before.id, actor_id: w.station(0).userId, actor_role: 'station',
      payload: { stationYearId: before.id, scores: { serveCentre: 95, workOrders: 180 }, justifications: { serveCentre: '草稿' } },
    });
    expect(await draft(w)).toEqual({ status: 'draft', scores: { serveCentre: 95, workOrders: 180 }, justifications: { serveCentre: '草稿' }, report: null, submitted_at: null });
  });

  it('a later draft replaces the earlier one', async () => {
    await h.exec(new SaveDraftCommand(w.station(0), w.ref(0), { scores: { serveCentre: '9' }, justifications: {} }));
    expect(await draft(w)).toMatchObject({ status: 'draft', scores: { serveCentre: 90 }, justifications: {} });
  });

  it('refuses bad scores and justifications naming the field, and writes nothing', async () => {
    const cases: [Record<string, any>, Record<string, any>, string][] = [
      [{ serveCentre: '9.55' }, {}, 'scores.serveCentre'],
      [{ serveCentre: '10.5' }, {}, 'scores.serveCentre'],
      [{ nonsense: '1' }, {}, 'scores.nonsense'],
      [{}, { nonsense: 'x' }, 'justifications.nonsense'],
      [{}, { serveCentre: 'x'.repeat(2001) }, 'justifications.serveCentre'],
    ];
    for (const [scores, justifications, field] of cases) {
      const error = await expectRefused(h, w, new SaveDraftCommand(w.station(0), w.ref(0), { scores, justifications }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe(field);
    }
  });

  it('refuses before the window opens and after submission, naming the state and allowed events', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'opened');
    const early = await expectRefused(h, v, new SaveDraftCommand(v.station(0), v.ref(0), { scores: {}, justifications: {} }));
    expect(early).toBeInstanceOf(TransitionRefusedError);
    expect(early).toMatchObject({ state: 'recording', event: 'DRAFT_SAVED', allowed: expect.arrayContaining(['WINDOW_OPENED']) });

    await bringTo(h, v, 'window', { from: 'opened' });
    await h.exec(submitCommand(v, 0));
    const late = await expectRefused(h, v, new SaveDraftCommand(v.station(0), v.ref(0), { scores: {}, justifications: {} }));
    expect(late).toMatchObject({ state: 'submitted', event: 'DRAFT_SAVED', allowed: ['SCORING_STARTED', 'MONTH_RECORDED', 'RECOGNITION_ADDED'] });
  });
});
