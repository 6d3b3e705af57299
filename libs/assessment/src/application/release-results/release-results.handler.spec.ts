import { QUEUES } from '@app/messaging';
import { TransitionRefusedError } from '../../domain';
import { EndPublicityCommand } from '../end-publicity/end-publicity.command';
import { ReleaseResultsCommand } from './release-results.command';
import {
  bringTo, createHarness, eventsOf, expectRefused, Harness, PUBLICITY_POLICY, seedWorld, stationRow, yearRow,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const outboxOf = (yearId: string) => h.sql(`SELECT queue, name, payload, relayed_at FROM outbox WHERE payload->>'streamId' = $1`, [yearId]);

describe('ReleaseResultsHandler', () => {
  it('releases the approved table: year and stations released, event with reason, ResultsReleased on the outbox', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'approved');
    const [y, s0] = [await yearRow(h, w), await stationRow(h, w, 0)];
    expect(await h.exec(new ReleaseResultsCommand(w.leader, w.year, '会议决定发布'))).toEqual({ state: 'released', stations: 2 });
    expect(await yearRow(h, w)).toMatchObject({ state: 'released', version: y.version + 1 });
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'released', version: s0.version + 1 });
    expect(await stationRow(h, w, 1)).toMatchObject({ state: 'released' });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'ResultsReleased', stream_id: y.id, actor_id: w.leader.userId, actor_role: 'leader', reason: '会议决定发布',
      payload: { assessmentYearId: y.id, stationIds: expect.arrayContaining(w.s.stations.map((s) => s.id)) },
    });
    expect(await outboxOf(y.id)).toEqual([{
      queue: QUEUES.domainEvents, name: 'ResultsReleased', relayed_at: null,
      payload: { eventType: 'ResultsReleased', streamId: y.id, subdistrictId: w.s.id, payload: { assessmentYearId: y.id, year: 2026 } },
    }]);
  });

  it('refuses before approval (state and allowed events named) and puts nothing on the outbox', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'pendingApproval');
    const error = await expectRefused(h, w, new ReleaseResultsCommand(w.leader, w.year));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'pendingApproval', event: 'RELEASED', allowed: ['APPROVED', 'TABLE_RETURNED', 'STATION_RETURNED'] });
    expect(await outboxOf((await yearRow(h, w)).id)).toEqual([]);
  });

  it('with publicity: refused while it runs (reason given), released once it has ended', async () => {
    const w = await seedWorld(h);
    await bringTo(h, w, 'approved', { policyVersion: PUBLICITY_POLICY });
    const error = await expectRefused(h, w, new ReleaseResultsCommand(w.leader, w.year));
    expect(error).toMatchObject({ state: 'publicity', event: 'RELEASED', reason: expect.stringContaining('publicity period') });
    h.clock.set('2027-01-20T00:00:00+08:00');
    await h.exec(new EndPublicityCommand(w.leader, w.year));
    expect(await h.exec(new ReleaseResultsCommand(w.leader, w.year))).toEqual({ state: 'released', stations: 2 });
    expect(await outboxOf((await yearRow(h, w)).id)).toHaveLength(1);
  });
});
