import { randomUUID } from 'node:crypto';
import { NotFoundError, TransitionRefusedError, ValidationError } from '../../domain';
import { FileObjectionCommand } from '../file-objection/file-objection.command';
import { AnswerObjectionCommand } from './answer-objection.command';
import {
  bringTo, createHarness, eventsOf, expectRefused, Harness, PUBLICITY_POLICY, seedWorld, stationRow, World, yearRow,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

const objection = async (id: string) => (await h.sql(`SELECT status, answer, answered_by FROM objections WHERE id = $1`, [id]))[0];

describe('AnswerObjectionHandler', () => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(h);
    await bringTo(h, w, 'approved', { policyVersion: PUBLICITY_POLICY });
  });

  it('dismisses an objection with the reason: closed in machine and projection, publicity goes on', async () => {
    const { objectionId } = await h.exec(new FileObjectionCommand(w.station(1), w.ref(0), '得分偏高'));
    const [before, s0] = [await yearRow(h, w), await stationRow(h, w, 0)];
    expect(await h.exec(new AnswerObjectionCommand(w.leader, w.year, objectionId, false, '经核查评分有据'))).toEqual({ objectionId, status: 'dismissed' });
    const after = await yearRow(h, w);
    expect(after).toMatchObject({ state: 'publicity', version: before.version + 1 });
    expect(after.snapshot.context.openObjections).toEqual([]);
    expect(await stationRow(h, w, 0)).toMatchObject({ state: 'resultApproved', version: s0.version });
    expect(await objection(objectionId)).toEqual({ status: 'dismissed', answer: '经核查评分有据', answered_by: w.leader.userId });
    expect((await eventsOf(h, w)).pop()).toMatchObject({
      type: 'ObjectionAnswered', stream_id: before.id, actor_id: w.leader.userId, actor_role: 'leader', reason: '经核查评分有据',
      payload: { assessmentYearId: before.id, objectionId, stationId: w.s.stations[0].id, upheld: false },
    });
  });

  it('refuses an answer without a reason, an unknown objection, or one already answered; nothing changes', async () => {
    const { objectionId } = await h.exec(new FileObjectionCommand(w.station(1), w.ref(0), '另一异议'));
    const noReason = await expectRefused(h, w, new AnswerObjectionCommand(w.leader, w.year, objectionId, true, ''));
    expect(noReason).toBeInstanceOf(ValidationError);
    expect(noReason.field).toBe('reason');
    const unknown = await expectRefused(h, w, new AnswerObjectionCommand(w.leader, w.year, randomUUID(), false, '无此异议'));
    expect(unknown).toBeInstanceOf(NotFoundError);
    await h.exec(new AnswerObjectionCommand(w.leader, w.year, objectionId, false, '不成立'));
    const twice = await expectRefused(h, w, new AnswerObjectionCommand(w.leader, w.year, objectionId, true, '改判'));
    expect(twice).toBeInstanceOf(TransitionRefusedError);
    expect(twice).toMatchObject({ state: 'publicity', event: 'OBJECTION_ANSWERED', reason: 'no such open objection' });
    expect(await objection(objectionId)).toMatchObject({ status: 'dismissed', answer: '不成立' });
  });

  it('upholds an objection: the year goes back to scoring and the station is returned for rescoring', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'approved', { policyVersion: PUBLICITY_POLICY });
    const { objectionId } = await h.exec(new FileObjectionCommand(v.station(0), v.ref(1), '漏计一项创新工作'));
    const [y, s0, s1] = [await yearRow(h, v), await stationRow(h, v, 0), await stationRow(h, v, 1)];
    expect(await h.exec(new AnswerObjectionCommand(v.leader, v.year, objectionId, true, '异议成立，重新测评'))).toEqual({ objectionId, status: 'upheld' });
    const year = await yearRow(h, v);
    expect(year).toMatchObject({ state: 'scoring', version: y.version + 1 });
    expect(year.snapshot.context).toMatchObject({ openObjections: [], rescoreStationIds: [v.s.stations[1].id] });
    expect(await stationRow(h, v, 0)).toMatchObject({ state: 'resultApproved', version: s0.version });
    const returned = await stationRow(h, v, 1);
    expect(returned).toMatchObject({ state: 'underScoring', version: s1.version + 1 });
    expect(returned.snapshot.context).toMatchObject({ returns: 1, lastReturnReason: '异议成立，重新测评' });
    expect(await objection(objectionId)).toMatchObject({ status: 'upheld' });
  });
});
