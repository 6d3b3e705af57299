/** Who is told what at each hand-off — the rules without a database. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HAND_OFF_EVENT_TYPES } from '@app/assessment/domain';
import { loadCalendarYears, parseReminderSchedule, WorkingDayCalendar } from '@app/calendar';
import { STATION_STATES } from '@app/assessment/domain';
import { composeNotice } from '../render/compose-notice';
import type { HandOffNotice } from '../render/notice.types';
import type { NoticeDraft, UserRecipient } from '../store/notice-drafts';
import { digestDueAt, HandOffAudience, HandOffEvent, handOffDrafts, submissionDigestDrafts, windowOpenedByPerson } from './handoff-rules';
import { windowOpenBatch, windowOpenOccasion, YearGroup } from './reminder-rules';

const TZ = 'Asia/Shanghai';
const O = { timeZone: TZ, consoleBaseUrl: 'https://kh.example.gov.cn/kaohe/console/' };
const SD = { name: '城东街道', abbr: '城东' };
const user = (id: string, displayName: string): UserRecipient => ({ id, subdistrictId: 'sd', displayName, subdistrict: SD });
const TO: HandOffAudience = { subdistrict: SD, coordinators: [user('c1', '王协调'), user('c2', '刘协调')], leaders: [user('l1', '陈组长')] };
const STATION = { id: 'st-a', name: '城东派出所' };
const event = (type: string, more: Partial<HandOffEvent> = {}): HandOffEvent => ({
  id: '41', type, subdistrictId: 'sd', year: 2026, occurredAt: new Date('2027-01-05T10:30:00+08:00'), actorId: 'u-coordinator', reason: null,
  station: STATION, ...more,
});
/** [recipient, title, occasion label, route] of each draft */
const rows = (drafts: NoticeDraft[]) => drafts.map((d) => [`${d.recipient.type}:${d.recipient.id}`, d.title, d.occasionLabel, d.payload.route]);
const text = (d: NoticeDraft) => composeNotice(d.payload).blocks.map((b) => (b.type === 'paragraph' ? b.text : b.rows.map((r) => r.join(' ')).join('\n'))).join('\n');

describe('hand-off events → who is told', () => {
  it('extension granted → that station only, with the new deadline, the reason and its 自评表', () => {
    const d = handOffDrafts(event('ExtensionGranted', { reason: '主要负责人外出学习', until: '2027-01-10T15:59:59.999Z' }), TO, O);
    expect(rows(d)).toEqual([['station:st-a', '2026年度自评表提交期限已延长至2027年1月10日', '1月5日准予延期', '/console/years/2026/stations/st-a/self-assessment']]);
    expect(text(d[0])).toContain('期限延长至2027年1月10日24时。延期理由：主要负责人外出学习。请在期限内');
    expect(d[0].payload.link).toBe('https://kh.example.gov.cn/kaohe/console/years/2026/stations/st-a/self-assessment');
    expect([d[0].stationId, d[0].occasion, d[0].kind]).toEqual(['st-a', 'event:41', 'handoff']);
  });

  it('recognition verified or refused → that station, the refusal with its reason and what to do', () => {
    const ok = handOffDrafts(event('RecognitionVerified', { recognitionTitle: '“枫桥式”派出所' }), TO, O);
    expect(rows(ok)).toEqual([['station:st-a', '创新工作““枫桥式”派出所”已认定', '1月5日创新工作认定', '/console/years/2026/stations/st-a/recognitions']]);
    const no = handOffDrafts(event('RecognitionRefused', { recognitionTitle: '社区警务创新', reason: '佐证材料不全' }), TO, O);
    expect(rows(no)[0].slice(0, 3)).toEqual(['station:st-a', '创新工作“社区警务创新”不予认定', '1月5日创新工作不予认定']);
    expect(text(no[0])).toContain('理由：佐证材料不全。如有补充佐证材料，请补充后重新登记。');
  });

  it('one station returned by the leaders → every coordinator, linking to that station’s scores', () => {
    const d = handOffDrafts(event('StationReturned', { actorId: 'u-leader', reason: '专项得分偏高' }), TO, O);
    expect(rows(d)).toEqual(['c1', 'c2'].map((c) => [`user:${c}`, '城东派出所2026年度测评得分被退回重新评分', '1月5日退回重新评分', '/console/years/2026/stations/st-a/scores']));
    expect(text(d[0])).toContain('理由：专项得分偏高。请重新评定该站所的得分');
    expect(d.map((x) => x.payload.recipient.name)).toEqual(['王协调', '刘协调']);
  });

  it('the whole table returned, results approved, an objection → the coordinators; results submitted → the leaders', () => {
    expect(rows(handOffDrafts(event('TableReturned', { station: null, reason: '排名有误' }), TO, O)).map((r) => r[0])).toEqual(['user:c1', 'user:c2']);
    const submitted = handOffDrafts(event('ResultsSubmittedForApproval', { station: null }), TO, O);
    expect(rows(submitted)).toEqual([['user:l1', '2026年度考核结果待审定', '1月5日结果提交审定', '/console/years/2026/results']]);
    expect(text(submitted[0])).toContain('审定通过，或写明理由退回重新评分');
    const approved = handOffDrafts(event('ResultsApproved', { station: null, publicityUntil: '2027-01-12T16:00:00.000Z' }), TO, O);
    expect(rows(approved).map((r) => r.slice(0, 2))).toEqual([['user:c1', '2026年度考核结果已审定'], ['user:c2', '2026年度考核结果已审定']]);
    expect(text(approved[0])).toContain('结果公示至2027年1月13日');
    const objection = handOffDrafts(event('ObjectionFiled', { objectionText: '工单数据有误' }), TO, O);
    expect(rows(objection).map((r) => r.slice(0, 3))).toEqual(['c1', 'c2'].map((c) => [`user:${c}`, '城东派出所2026年度考核结果收到异议', '1月5日收到异议']));
    expect(text(objection[0])).toContain('“工单数据有误”');
  });

  it('tells nobody when nobody holds the role, and each event has its own key (a repeat is the same notice)', () => {
    expect(handOffDrafts(event('ResultsSubmittedForApproval'), { ...TO, leaders: [] }, O)).toEqual([]);
    expect(handOffDrafts(event('ExtensionGranted', { until: '2027-01-10T15:59:59.999Z' }), TO, O))
      .toEqual(handOffDrafts(event('ExtensionGranted', { until: '2027-01-10T15:59:59.999Z' }), TO, O));
    expect(handOffDrafts(event('ExtensionGranted', { id: '42', until: '2027-01-10T15:59:59.999Z' }), TO, O)[0].occasion).toBe('event:42');
  });

  it('never addresses a station other than the one concerned, and no station for the offices’ hand-offs', () => {
    for (const type of HAND_OFF_EVENT_TYPES) {
      const d = handOffDrafts(event(type, { until: '2027-01-10T15:59:59.999Z' }), TO, O);
      for (const x of d.filter((x) => x.recipient.type === 'station')) expect(x.recipient.id).toBe('st-a');
      if (['StationReturned', 'TableReturned', 'ResultsSubmittedForApproval', 'ResultsApproved', 'ObjectionFiled'].includes(type)) {
        expect(d.every((x) => x.recipient.type === 'user')).toBe(true);
      }
    }
  });
});

describe('the window opening', () => {
  const SCHEDULE = parseReminderSchedule(JSON.parse(readFileSync(join(__dirname, '../../../../config/policies/2021-trial.json'), 'utf8')).schedule);
  const g: YearGroup = {
    year: 2026, assessmentYearIds: ['y1'], schedule: SCHEDULE, timeZone: TZ, consoleBaseUrl: O.consoleBaseUrl,
    calendar: new WorkingDayCalendar(loadCalendarYears(join(__dirname, '../../../../config/calendars'))),
  };
  it('is a hand-off when a person opens it; the sweep’s own opening waits for the scheduled notice', () => {
    expect(windowOpenedByPerson({ type: 'SelfAssessmentWindowOpened', actorId: 'u-coordinator' }, 'system')).toBe(true);
    expect(windowOpenedByPerson({ type: 'SelfAssessmentWindowOpened', actorId: 'system' }, 'system')).toBe(false);
  });
  it('opened early (20 November) → the stations still to submit, under the scheduled occasion’s key (sent once)', () => {
    const occ = windowOpenOccasion(g)!;
    const b = windowOpenBatch(g, occ, '2026-11-20', '2026-11-20');
    expect([b.kind, b.occasion, b.occasionLabel, b.title]).toEqual(['window_open', '2026-12-01', '11月20日自评开始通知', '关于开展2026年度派驻机构考核自评工作的通知']);
    expect(b.audience).toEqual({ assessmentYearIds: ['y1'], inStates: STATION_STATES.selfAssessmentOpen });
    expect(b.fields).toMatchObject({ topic: { type: 'window_open', opensOn: '2026-11-20', deadline: '2026-12-31' }, route: '/console/years/2026/station/self-assessment' });
  });
});

describe('the daily digest of submissions', () => {
  const at = new Date('2026-12-20T17:00:00+08:00');
  const f = (n: number) => ({
    subdistrictId: 'sd', year: 2026, digestAt: at,
    submissions: [
      { stationName: '城东司法所', submittedAt: new Date('2026-12-20T16:59:00+08:00'), late: false },
      { stationName: '城东派出所', submittedAt: new Date('2026-12-19T17:30:00+08:00'), late: false },
      { stationName: '城东执法中队', submittedAt: new Date('2027-01-02T10:00:00+08:00'), late: true },
    ].slice(0, n),
  });
  it('one notice per coordinator listing every station since the last digest, oldest first', () => {
    const d = submissionDigestDrafts(f(2), TO, O);
    expect(rows(d)).toEqual(['c1', 'c2'].map((c) => [`user:${c}`, '2个站所提交了2026年度自评表，请评分', '12月20日自评提交汇总', '/console/years/2026/board?milestone=scoring']));
    expect(d.map((x) => x.occasion)).toEqual(['submissions-digest:2026-12-20', 'submissions-digest:2026-12-20']);
    expect((d[0].payload as HandOffNotice).topic).toEqual({ type: 'self_assessments_submitted', stations: [
      { name: '城东派出所', submittedAt: '2026-12-19T17:30', late: false }, { name: '城东司法所', submittedAt: '2026-12-20T16:59', late: false },
    ] });
    expect(text(d[0])).toContain('2 城东司法所 2026年12月20日 16:59');
    expect(text(submissionDigestDrafts(f(3), TO, O)[0])).toContain('城东执法中队 2027年1月2日 10:00 逾期提交');
  });
  it('none when nobody submitted', () => {
    expect(submissionDigestDrafts(f(0), TO, O)).toEqual([]);
  });
  it('is due a minute after HANDOFF_DIGEST_TIME local (submissions committing at 17:00 are in it): before, yesterday’s is the latest', () => {
    expect(digestDueAt(new Date('2026-12-20T17:01:00+08:00'), '17:00', TZ).toISOString()).toBe('2026-12-20T09:00:00.000Z');
    expect(digestDueAt(new Date('2026-12-20T17:00:59+08:00'), '17:00', TZ).toISOString()).toBe('2026-12-19T09:00:00.000Z');
    expect(digestDueAt(new Date('2026-12-20T17:00:00+08:00'), '17:00', TZ, 0).toISOString()).toBe('2026-12-20T09:00:00.000Z');
    expect(digestDueAt(new Date('2026-12-21T08:00:00+08:00'), '07:30', TZ).toISOString()).toBe('2026-12-20T23:30:00.000Z');
  });
});
