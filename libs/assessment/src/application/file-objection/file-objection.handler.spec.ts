import { randomUUID } from 'node:crypto';
import { NotFoundError, TransitionRefusedError, ValidationError } from '../../domain';
import { EndPublicityCommand } from '../end-publicity/end-publicity.command';
import { FileObjectionCommand } from './file-objection.command';
import { bringTo, createHarness, eventsOf, expectRefused, Harness, PUBLICITY_POLICY, seedWorld, World, yearRow } from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('FileObjectionHandler', () => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(h);
    await bringTo(h, w, 'approved', { policyVersion: PUBLICITY_POLICY });
  });

  it('files an objection during publicity: open in the machine and the projection, version + 1, event', async () => {
    const before = await yearRow(h, w);
    const { objectionId } = await h.exec(new FileObjectionCommand(w.station(1), w.ref(0), '该所满意度数据与实际不符'));
    const after = await yearRow(h, w);
    expect(after).toMatchObject({ state: 'publicity', version: before.version + 1 });
    expect(after.snapshot.context.openObjections).toEqual([{ objectionId, stationId: w.s.stations[0].id }]);
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'ObjectionFiled', stream_id: before.id, actor_id: w.station(1).userId, actor_role: 'station',
      payload: { assessmentYearId: before.id, objectionId, stationId: w.s.stations[0].id, text: '该所满意度数据与实际不符' },
    });
    const [row] = await h.sql(`SELECT station_id, text, status, filed_by FROM objections WHERE id = $1`, [objectionId]);
    expect(row).toEqual({ station_id: w.s.stations[0].id, text: '该所满意度数据与实际不符', status: 'open', filed_by: w.station(1).userId });
  });

  it('refuses empty grounds (field named) and a station outside the table (NotFoundError); nothing is written', async () => {
    const empty = await expectRefused(h, w, new FileObjectionCommand(w.station(1), w.ref(0), '  '));
    expect(empty).toBeInstanceOf(ValidationError);
    expect(empty.field).toBe('text');
    const stranger = await expectRefused(h, w, new FileObjectionCommand(w.station(1), { ...w.ref(0), stationId: randomUUID() }, '不符'));
    expect(stranger).toBeInstanceOf(NotFoundError);
  });

  it('refuses once the publicity period has ended (reason given)', async () => {
    h.clock.set('2027-01-20T00:00:00+08:00');
    await h.exec(new EndPublicityCommand(w.leader, w.year));
    const error = await expectRefused(h, w, new FileObjectionCommand(w.station(1), w.ref(0), '补充异议'));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'publicity', event: 'OBJECTION_FILED', reason: 'the publicity period has ended' });
  });

  it('refuses outside publicity, naming the state and allowed events', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'approved');
    const error = await expectRefused(h, v, new FileObjectionCommand(v.station(1), v.ref(0), '不符'));
    expect(error).toMatchObject({ state: 'approved', event: 'OBJECTION_FILED', allowed: ['PUBLICITY_STARTED', 'RELEASED', 'TABLE_RETURNED', 'STATION_RETURNED'] });
  });
});
