import { ManualClock } from '@app/platform';
/**
 * December with a fake clock: 30 Nov → 4 Jan, sweeping at 08:59, 09:00, 12:00 and 23:59 of each day (and some
 * twice). 2026's calendar is uploaded through the API with an extra (synthetic) holiday on Thu 24 Dec, so that
 * reminder moves to Wed 23 Dec. Reminders only reach stations that have not submitted, each once; a submission at
 * 31 Dec 23:59:59.999 is on time, one at 1 Jan 00:00:00 is refused as late (overdue, needs an extension); the
 * overdue notice and the late list go out on the first working day after New Year (1 Jan is a holiday, 2–3 Jan a
 * weekend → Mon 4 Jan); the November record missing for one station brings its reminder (3 Dec) and the
 * escalation to coordinators (6 Dec is a Sunday → Mon 7 Dec). Every notice lands in the inbox once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { localDateTime } from '@app/calendar';
import { SweepService } from '../apps/worker/src/notices/sweep.service';
import { settled } from './support/receivers';

jest.setTimeout(120_000);
const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;
let sweep: SweepService;

const monthData = { meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 20, onTime: 19, overdue: 1, returnedForShirking: 0, falsified: 0 }, complaints: 0, satisfaction: { surveyed: 30, satisfied: 29 } };
const st = (name: string) => s.stations.find((x) => x.name === name)!;
const stationUrl = (name: string) => `/subdistricts/${s.id}/years/${YEAR}/stations/${st(name).id}`;
const scores = JSON.stringify({ serveCentre: '9', performDuties: '9', workStyle: '13', teamBuilding: '13', platformParticipation: '18', workOrders: '18', satisfaction: '9' });
const justifications = JSON.stringify(Object.fromEntries(Object.keys(JSON.parse(scores)).map((k) => [k, '说明'])));
const submit = (name: string) => t.http.post(`${stationUrl(name)}/self-assessment/submit`).set(t.as(st(name).user))
  .field('scores', scores).field('justifications', justifications)
  .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' });

async function sweepAt(at: string, times = 1) {
  t.clock.set(at);
  for (let i = 0; i < times; i++) await sweep.run();
}

beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock('2026-11-30T10:00:00+08:00'), env: { SWEEP_SCHEDULER: 'off' } });
  sweep = t.app.get(SweepService, { strict: false });
  s = await seedSubdistrict(t.db.dataSource, {
    stations: [
      { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明'] },
      { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏'] },
      { name: '城东执法中队', kind: 'regional', department: '区综合行政执法局', staff: ['郑强'] },
    ],
  });
});
afterAll(async () => {
  await t?.close();
});

describe('calendar administration', () => {
  it('uploads 2026 with a synthetic holiday on 24 Dec; refuses bad data naming the field; lists statuses', async () => {
    const shipped = JSON.parse(fs.readFileSync(path.join(__dirname, '../config/calendars/2026.json'), 'utf8'));
    const bad = await t.http.put('/calendar/years/2026').set(t.as(s.users.admin)).send({ ...shipped, holidays: [...shipped.holidays, '2026-13-01'] }).expect(400);
    expect(bad.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^holidays\[\d+\]$/) })]));
    await t.http.put('/calendar/years/2026').set(t.as(s.users.coordinator)).send(shipped).expect(403);
    const ok = await t.http.put('/calendar/years/2026').set(t.as(s.users.admin))
      .send({ ...shipped, holidays: [...shipped.holidays, '2026-12-24'], note: 'test: synthetic holiday on 24 Dec' }).expect(200);
    expect(ok.body).toMatchObject({ year: 2026, status: 'official' });
    const list = (await t.http.get('/calendar/years').set(t.as(s.users.admin)).expect(200)).body;
    expect(list).toEqual(expect.arrayContaining([
      expect.objectContaining({ year: 2026, status: 'official', origin: 'upload' }),
      expect.objectContaining({ year: 2027, status: 'provisional' }),
      expect.objectContaining({ year: 2028, status: 'missing' }),
    ]));
  });
});

describe('December with a fake clock', () => {
  it('opens the year and records every month except 城东执法中队’s November', async () => {
    await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
    for (const station of s.stations) {
      for (let month = 1; month <= 11; month++) {
        if (station.name === '城东执法中队' && month === 11) continue;
        await t.http.put(`${stationUrl(station.name)}/months/${month}/special`).set(t.as(s.users.command_room)).send(monthData).expect(200);
      }
    }
  });

  it('walks from 30 Nov to 4 Jan: window, reminders on the moved days at 09:00, deadline, overdue, escalation', async () => {
    const days: string[] = [];
    for (let d = new Date('2026-11-30T00:00:00Z'); d <= new Date('2027-01-04T00:00:00Z'); d = new Date(d.getTime() + 86_400_000)) {
      days.push(d.toISOString().slice(0, 10));
    }
    for (const day of days) {
      await sweepAt(`${day}T08:59:00+08:00`);
      if (day === '2026-12-20') {
        t.clock.set('2026-12-20T10:00:00+08:00');
        expect((await submit('城东派出所').expect(201)).body.late).toBe(false);
      }
      await sweepAt(`${day}T09:00:00+08:00`, 2);
      await sweepAt(`${day}T12:00:00+08:00`);
      if (day === '2026-12-31') {
        t.clock.set('2026-12-31T23:59:59.999+08:00');
        expect((await submit('城东司法所').expect(201)).body.late).toBe(false);
        t.clock.set('2027-01-01T00:00:00.000+08:00');
        const late = await submit('城东执法中队').expect(409);
        expect(late.body).toMatchObject({ code: 'STATE_CONFLICT', state: 'selfAssessmentOpen' });
        await sweepAt('2027-01-01T00:00:00.000+08:00', 2);
        const status = (await t.http.get(stationUrl('城东执法中队')).set(t.as(s.users.coordinator)).expect(200)).body;
        expect(status).toMatchObject({ state: 'overdue', late: true });
        continue;
      }
      await sweepAt(`${day}T23:59:00+08:00`);
    }
    await settled(t.db.dataSource);

    const notices: any[] = await t.db.dataSource.query(
      `SELECT n.kind, n.occasion, n.created_at, n.recipient_type, coalesce(st.name, u.username) AS who
         FROM notices n LEFT JOIN stations st ON st.id = n.recipient_id LEFT JOIN users u ON u.id = n.recipient_id ORDER BY n.created_at, n.kind, who`,
    );
    const local = (d: Date) => localDateTime(d).slice(0, 16);
    const sorted = (rows: unknown[][]) => [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    const by = (kind: string) => sorted(notices.filter((n) => n.kind === kind).map((n) => [local(n.created_at), n.occasion, n.who]));

    expect(by('window_open')).toEqual(sorted([
      ['2026-12-01T09:00', '2026-12-01', '城东执法中队'], ['2026-12-01T09:00', '2026-12-01', '城东司法所'], ['2026-12-01T09:00', '2026-12-01', '城东派出所'],
    ]));
    // 15 Dec to all three; 24 Dec (holiday) moved to 23 Dec, after 城东派出所 submitted; 29 and 31 Dec
    expect(by('self_assessment_reminder')).toEqual(sorted([
      ['2026-12-15T09:00', '2026-12-15', '城东执法中队'], ['2026-12-15T09:00', '2026-12-15', '城东司法所'], ['2026-12-15T09:00', '2026-12-15', '城东派出所'],
      ['2026-12-23T09:00', '2026-12-24', '城东执法中队'], ['2026-12-23T09:00', '2026-12-24', '城东司法所'],
      ['2026-12-29T09:00', '2026-12-29', '城东执法中队'], ['2026-12-29T09:00', '2026-12-29', '城东司法所'],
      ['2026-12-31T09:00', '2026-12-31', '城东执法中队'], ['2026-12-31T09:00', '2026-12-31', '城东司法所'],
    ]));
    // November's record (missing for one station) on 3 Dec; December's records, due 5 Jan, on Mon 4 Jan (3 Jan is a Sunday
    // and 31 Dec would be before the month ended)
    expect(by('monthly_record_reminder')).toEqual(sorted([['2026-12-03T09:00', '2026-11', '城东执法中队'],
      ['2027-01-04T09:00', '2026-12', '城东司法所'], ['2027-01-04T09:00', '2026-12', '城东执法中队'], ['2027-01-04T09:00', '2026-12', '城东派出所']]));
    expect(by('monthly_record_escalation')).toEqual([['2026-12-07T09:00', '2026-11', expect.stringContaining('coordinator')]]);
    expect(by('overdue_notice')).toEqual([['2027-01-04T09:00', '2027-01-01', '城东执法中队']]);
    expect(by('late_list')).toEqual([['2027-01-04T09:00', '2027-01-01', expect.stringContaining('coordinator')]]);
    // the coming year's calendar (2027) is provisional: one warning per coordinator, however many sweeps
    // (from October on; in January the coming year is 2028, not warned about until next October)
    expect(by('calendar_warning').map((r) => r[1])).toEqual(['calendar-2027']);

    // each notice delivered once to the inbox, nothing pending, nothing failed
    const [counts] = await t.db.dataSource.query(
      `SELECT count(*)::int AS deliveries, count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
              (SELECT count(*)::int FROM inbox_items) AS inbox, (SELECT count(*)::int FROM notices) AS notices FROM deliveries`,
    );
    expect(counts).toEqual({ deliveries: notices.length, delivered: notices.length, inbox: notices.length, notices: notices.length });

    // the escalation names the station whose November record is missing
    const inbox = (await t.http.get('/inbox').set(t.as(s.users.coordinator)).expect(200)).body;
    const escalation = inbox.find((i: any) => i.kind === 'monthly_record_escalation');
    expect(escalation.html).toContain('城东执法中队');
    const late = inbox.find((i: any) => i.kind === 'late_list');
    expect(late.html).toContain('城东执法中队');
    expect(late.html).not.toContain('城东司法所');
  });

  it('a reminder for a station that submits before its delivery is cancelled, not sent', async () => {
    const [row] = await t.db.dataSource.query(
      `SELECT d.id FROM deliveries d JOIN notices n ON n.id = d.notice_id WHERE n.kind = 'self_assessment_reminder' AND n.recipient_id = $1 LIMIT 1`,
      [st('城东司法所').id],
    );
    // simulate a delivery still pending when the station had already submitted
    await t.db.dataSource.query(`UPDATE deliveries SET status = 'pending' WHERE id = $1`, [row.id]);
    await t.db.dataSource.query(`DELETE FROM inbox_items WHERE delivery_id = $1`, [row.id]);
    t.clock.set('2027-01-04T09:05:00+08:00'); // pending for more than a minute: the sweep takes it as lost
    await sweep.run();
    await settled(t.db.dataSource);
    const [d] = await t.db.dataSource.query(`SELECT status, last_error FROM deliveries WHERE id = $1`, [row.id]);
    expect(d).toEqual({ status: 'cancelled', last_error: expect.stringContaining('submitted') });
  });

  it('inbox: a station sees its own items only; read and acknowledge', async () => {
    const mine = (await t.http.get('/inbox').set(t.as(st('城东派出所').user)).expect(200)).body;
    expect(mine.map((i: any) => i.kind).sort()).toEqual(['monthly_record_reminder', 'self_assessment_reminder', 'window_open']);
    const other = (await t.http.get('/inbox').set(t.as(st('城东执法中队').user)).expect(200)).body;
    await t.http.post(`/inbox/${other[0].id}/read`).set(t.as(st('城东派出所').user)).expect(404);
    const read = (await t.http.post(`/inbox/${mine[0].id}/read`).set(t.as(st('城东派出所').user)).expect(200)).body;
    expect(read.readAt).toBeTruthy();
    for (const item of mine.slice(2)) await t.http.post(`/inbox/${item.id}/read`).set(t.as(st('城东派出所').user)).expect(200);
    const ack = (await t.http.post(`/inbox/${mine[1].id}/acknowledge`).set(t.as(st('城东派出所').user)).expect(200)).body;
    expect(ack).toMatchObject({ readAt: expect.any(String), acknowledgedAt: expect.any(String) });
    const unread = (await t.http.get('/inbox?unread=true').set(t.as(st('城东派出所').user)).expect(200)).body;
    expect(unread).toHaveLength(0);
  });
});
