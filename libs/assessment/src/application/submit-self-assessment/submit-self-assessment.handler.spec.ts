import { createHash } from 'node:crypto';
import { OptimisticLockError } from '@app/persistence';
import { TransitionRefusedError, ValidationError } from '../../domain';
import { GrantExtensionCommand } from '../grant-extension/grant-extension.command';
import { SubmitSelfAssessmentCommand } from './submit-self-assessment.command';
import {
  bringTo, bringToOverdue, createHarness, eventsOf, expectRefused, Harness, race, REPORT, rowLock, seedWorld, selfAssessment,
  stationRow, submitCommand, TIMES, World,
} from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('SubmitSelfAssessmentHandler', () => {
  let w: World;
  beforeAll(async () => {
    w = await seedWorld(h);
    await bringTo(h, w, 'window');
  });

  it('takes an on-time submission: state, version + 1, event, projection and the stored report', async () => {
    h.clock.set(TIMES.submitted);
    const before = await stationRow(h, w, 0);
    const result = await h.exec(submitCommand(w, 0));
    const sha256 = createHash('sha256').update(REPORT.buffer).digest('hex');
    expect(result).toEqual({ submittedAt: new Date(TIMES.submitted).toISOString(), late: false, report: { fileId: expect.any(String), sha256 } });
    const after = await stationRow(h, w, 0);
    expect(after).toMatchObject({ state: 'submitted', version: before.version + 1, late: false });
    expect(after.submitted_at!.toISOString()).toBe(result.submittedAt);
    expect(after.snapshot.context.submittedAt).toBe(result.submittedAt);

    const event = (await eventsOf(h, w)).pop()!;
    expect(event).toMatchObject({
      type: 'SelfAssessmentSubmitted', stream_id: before.id, actor_id: w.station(0).userId, actor_role: 'station',
      payload: {
        stationYearId: before.id, late: false, scores: { serveCentre: 95, workOrders: 185 },
        report: { fileId: result.report.fileId, sha256, mime: 'application/pdf', name: REPORT.originalName, size: REPORT.buffer.length },
      },
    });
    const [file] = await h.sql(`SELECT sha256, mime, content FROM files WHERE id = $1`, [result.report.fileId]);
    expect(file).toEqual({ sha256, mime: 'application/pdf', content: REPORT.buffer });
    const [sa] = await h.sql(`SELECT status, scores->>'satisfaction' AS satisfaction, report->>'fileId' AS file FROM self_assessments WHERE station_year_id = $1`, [before.id]);
    expect(sa).toEqual({ status: 'submitted', satisfaction: '90', file: result.report.fileId });
  });

  it('refuses an incomplete form or a bad report naming the field, and writes nothing (not even the file)', async () => {
    const full = selfAssessment(1);
    const { workOrders: _w, ...noWorkOrders } = full.scores;
    const files = async () => (await h.sql(`SELECT count(*)::int AS n FROM files`))[0].n;
    const filesBefore = await files();
    const cases: [SubmitSelfAssessmentCommand, string][] = [
      [new SubmitSelfAssessmentCommand(w.station(1), w.ref(1), { ...full, scores: noWorkOrders }, REPORT), 'scores.workOrders'],
      [new SubmitSelfAssessmentCommand(w.station(1), w.ref(1), { ...full, justifications: { ...full.justifications, satisfaction: ' ' } }, REPORT), 'justifications.satisfaction'],
      [new SubmitSelfAssessmentCommand(w.station(1), w.ref(1), full, undefined), 'report'],
      [new SubmitSelfAssessmentCommand(w.station(1), w.ref(1), full, { originalName: 'a.pdf', buffer: Buffer.from('not a pdf at all') }), 'report'],
      [new SubmitSelfAssessmentCommand(w.station(1), w.ref(1), full, { originalName: 'a.pdf', buffer: Buffer.alloc(0) }), 'report'],
    ];
    for (const [command, field] of cases) {
      const error = await expectRefused(h, w, command);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.field).toBe(field);
    }
    expect(await files()).toBe(filesBefore);
  });

  it('a station submitting twice at once: one submission, the other gets OptimisticLockError and stores no file', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'window');
    h.clock.set(TIMES.submitted);
    const before = await stationRow(h, v, 0);
    const results = await race(h, rowLock('station_years', before.id), [() => h.exec(submitCommand(v, 0)), () => h.exec(submitCommand(v, 0))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(OptimisticLockError);
    const won = (results.find((r) => r.status === 'fulfilled') as PromiseFulfilledResult<any>).value;
    expect(await stationRow(h, v, 0)).toMatchObject({ state: 'submitted', version: before.version + 1 });
    expect((await eventsOf(h, v)).filter((e) => e.type === 'SelfAssessmentSubmitted')).toHaveLength(1);
    expect(await h.sql(`SELECT id FROM files WHERE sha256 = $1 AND id = $2`, [won.report.sha256, won.report.fileId])).toHaveLength(1);
    // and a resubmission afterwards is refused by the machine
    const again = await expectRefused(h, v, submitCommand(v, 0));
    expect(again).toMatchObject({ state: 'submitted', event: 'SUBMIT' });
  });

  it('refuses before the window opens, naming the state and allowed events', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'opened');
    const error = await expectRefused(h, v, submitCommand(v, 0));
    expect(error).toBeInstanceOf(TransitionRefusedError);
    expect(error).toMatchObject({ state: 'recording', event: 'SUBMIT', allowed: ['WINDOW_OPENED', 'MONTH_RECORDED', 'RECOGNITION_ADDED'] });
  });

  it('after the deadline: refused with the guard reason before and after DEADLINE_PASSED; late once extended', async () => {
    const v = await seedWorld(h);
    await bringTo(h, v, 'window');
    h.clock.set('2027-01-01T00:00:00+08:00'); // the deadline job has not run yet
    const lagging = await expectRefused(h, v, submitCommand(v, 0));
    expect(lagging).toMatchObject({ state: 'selfAssessmentOpen', event: 'SUBMIT', reason: expect.stringContaining('after the deadline') });

    const u = await seedWorld(h);
    await bringToOverdue(h, u);
    const overdue = await expectRefused(h, u, submitCommand(u, 0));
    expect(overdue).toMatchObject({ state: 'overdue', allowed: expect.arrayContaining(['EXTENSION_GRANTED']) });
    await h.exec(new GrantExtensionCommand(u.coordinator, u.ref(0), '2027-01-10', '汛期抢险任务重'));
    h.clock.set('2027-01-05T15:00:00+08:00');
    const result = await h.exec(submitCommand(u, 0));
    expect(result.late).toBe(true);
    expect(await stationRow(h, u, 0)).toMatchObject({ state: 'submittedLate', late: true });
    expect((await eventsOf(h, u)).pop()).toMatchObject({ type: 'SelfAssessmentSubmitted', payload: { late: true } });
  });
});
