import { SYSTEM_ACTOR } from '@app/platform';
import { TransitionRefusedError } from '../../domain';
import { FileObjectionCommand } from '../file-objection/file-objection.command';
import { EndPublicityCommand } from './end-publicity.command';
import { bringTo, createHarness, eventsOf, expectRefused, Harness, PUBLICITY_POLICY, seedWorld, yearRow } from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const UNTIL = '2027-01-19T16:00:00.000Z'; // end of the fifth working day after approval on 12 January

describe('EndPublicityHandler', () => {
  it('is refused before the period is over (the end named), then ends it: state kept, flag set, event', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'approved', { policyVersion: PUBLICITY_POLICY });
    h.clock.set('2027-01-19T23:59:59+08:00');
    const early = await expectRefused(h, w, new EndPublicityCommand(SYSTEM_ACTOR, w.year));
    expect(early).toBeInstanceOf(TransitionRefusedError);
    expect(early).toMatchObject({ state: 'publicity', event: 'PUBLICITY_ENDED', reason: expect.stringContaining(UNTIL) });

    h.clock.set(UNTIL);
    const before = await yearRow(h, w);
    expect(await h.exec(new EndPublicityCommand(SYSTEM_ACTOR, w.year))).toEqual({ state: 'publicity', openObjections: 0 });
    const after = await yearRow(h, w);
    expect(after).toMatchObject({ state: 'publicity', version: before.version + 1 });
    expect(after.snapshot.context.publicityEnded).toBe(true);
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'PublicityEnded', stream_id: before.id, actor_id: 'system', actor_role: 'admin',
      payload: { assessmentYearId: before.id, publicityUntil: UNTIL, openObjections: 0 },
    });

    const again = await expectRefused(h, w, new EndPublicityCommand(SYSTEM_ACTOR, w.year));
    expect(again).toMatchObject({ state: 'publicity', reason: 'the publicity period has already ended' });
  });

  it('reports objections still open', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'approved', { policyVersion: PUBLICITY_POLICY });
    await h.exec(new FileObjectionCommand(w.station(1), w.ref(0), '该所得分与实际不符'));
    h.clock.set(UNTIL);
    expect(await h.exec(new EndPublicityCommand(SYSTEM_ACTOR, w.year))).toEqual({ state: 'publicity', openObjections: 1 });
  });

  it('is refused for a year without publicity, naming the state and allowed events', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'approved');
    const error = await expectRefused(h, w, new EndPublicityCommand(SYSTEM_ACTOR, w.year));
    expect(error).toMatchObject({ state: 'approved', event: 'PUBLICITY_ENDED', allowed: ['PUBLICITY_STARTED', 'RELEASED', 'TABLE_RETURNED', 'STATION_RETURNED'] });
  });
});
