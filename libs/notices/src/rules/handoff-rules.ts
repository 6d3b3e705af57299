/**
 * Who is told what at each hand-off (DOMAIN "Hand-offs: nobody has to poll"). Pure: a recorded event and the people
 * who could be told in, notice drafts out; the worker inserts them (unique key: the event's id as the occasion, so a
 * job delivered twice, a retried job or a replayed outbox row tells nobody twice).
 *
 * - window opened by a coordinator before its day → the stations still to submit (windowOpenBatch; on its day the
 *   sweep's scheduled window-open notice is this hand-off, so the system's own opening tells nobody twice);
 * - extension granted, recognition verified or refused → that station (its users read the station's inbox);
 * - one station returned by the leaders, or the whole table → the coordinators (they rescore; the station has nothing
 *   to do until the result is released);
 * - self-assessments submitted → the coordinators, as one daily digest (submissionDigestDrafts, at HANDOFF_DIGEST_TIME);
 * - results submitted for approval → the leaders; approved → the coordinators; objection filed → the coordinators;
 * - released → each station its own result: the station's copy of the 抄告 (release-rules), which links to its
 *   result page; the dispatching and organisation departments get theirs there too.
 */
import type { HandOffEventType } from '@app/assessment/domain';
import { addDays, instantAt, localDate, localDateTime } from '@app/calendar';
import { consoleLink } from '@app/platform';
import { NOTICE_KINDS } from '../delivery/notice-kinds';
import { handOffTitle } from '../render/compose-handoff';
import type { HandOffNotice, HandOffTopic, SubdistrictRef, SubmittedStation } from '../render/notice.types';
import type { NoticeDraft, RecipientRef, UserRecipient } from '../store/notice-drafts';
import { noticeLink } from './notice-link';
import { occasionLabel } from './occasion-label';

/** A recorded hand-off event with the facts its notice needs (read from the event store and master data). */
export interface HandOffEvent {
  id: string;
  type: string;
  subdistrictId: string;
  year: number;
  occurredAt: Date;
  /** Who acted: the system's own acts (the sweep opening the window on its day) hand nothing over. */
  actorId: string;
  reason: string | null;
  /** The station concerned (its own event, the returned station, the objection's station). */
  station: { id: string; name: string } | null;
  /** The recognition decided (RecognitionVerified / RecognitionRefused). */
  recognitionTitle?: string | null;
  /** ExtensionGranted: the last instant allowed. */
  until?: string | null;
  /** ResultsApproved: the end of the publicity period, if any. */
  publicityUntil?: string | null;
  /** ObjectionFiled: its grounds. */
  objectionText?: string | null;
}

export interface HandOffAudience {
  subdistrict: SubdistrictRef;
  coordinators: UserRecipient[];
  leaders: UserRecipient[];
}

export interface HandOffOptions {
  timeZone: string;
  consoleBaseUrl: string;
}

/** What each event is called in the occasion label (12月20日准予延期). */
const OCCASION_WHAT: Record<Exclude<HandOffEventType, 'SelfAssessmentWindowOpened'>, string> & { digest: string } = {
  ExtensionGranted: '准予延期',
  RecognitionVerified: '创新工作认定',
  RecognitionRefused: '创新工作不予认定',
  StationReturned: '退回重新评分',
  TableReturned: '结果表退回',
  ResultsSubmittedForApproval: '结果提交审定',
  ResultsApproved: '结果审定',
  ObjectionFiled: '收到异议',
  digest: '自评提交汇总',
};

/** Whether the window opening is a hand-off (a person opened it): the sweep's opening waits for the scheduled notice. */
export function windowOpenedByPerson(e: Pick<HandOffEvent, 'type' | 'actorId'>, systemActorId: string): boolean {
  return e.type === 'SelfAssessmentWindowOpened' && e.actorId !== systemActorId;
}

/** The drafts of one hand-off event (the window opening aside: windowOpenBatch). Empty when it tells nobody. */
export function handOffDrafts(e: HandOffEvent, to: HandOffAudience, o: HandOffOptions): NoticeDraft[] {
  const station = e.station;
  const day = (iso: string) => localDate(new Date(iso), o.timeZone);
  // the year's own page of the station (a January hand-off of last year's work must not open the new year's)
  const forStation = (topic: HandOffTopic, page: 'self-assessment' | 'recognitions') =>
    (station ? draft(e, to, o, topic, consoleLink.station(e.year, station.id, page), [{ type: 'station', id: station.id, name: station.name }]) : []);
  const forUsers = (users: UserRecipient[], topic: HandOffTopic, path: string) => draft(e, to, o, topic, path, users.map(asRecipient));
  switch (e.type) {
    case 'ExtensionGranted':
      return e.until ? forStation({ type: 'extension_granted', station: station?.name ?? '', until: day(e.until), reason: e.reason ?? '' }, 'self-assessment') : [];
    case 'RecognitionVerified':
      return forStation({ type: 'recognition_verified', station: station?.name ?? '', title: e.recognitionTitle ?? '' }, 'recognitions');
    case 'RecognitionRefused':
      return forStation({ type: 'recognition_refused', station: station?.name ?? '', title: e.recognitionTitle ?? '', reason: e.reason ?? '' }, 'recognitions');
    case 'StationReturned':
      return station ? forUsers(to.coordinators, { type: 'station_returned', station: station.name, reason: e.reason ?? '' },
        consoleLink.station(e.year, station.id, 'scores')) : [];
    case 'TableReturned':
      return forUsers(to.coordinators, { type: 'table_returned', reason: e.reason ?? '' }, consoleLink.board(e.year, '?milestone=scoring'));
    case 'ResultsSubmittedForApproval':
      return forUsers(to.leaders, { type: 'results_submitted' }, consoleLink.results(e.year));
    case 'ResultsApproved':
      return forUsers(to.coordinators, { type: 'results_approved', publicityUntil: e.publicityUntil ? day(e.publicityUntil) : undefined },
        consoleLink.results(e.year));
    case 'ObjectionFiled':
      return station ? forUsers(to.coordinators, { type: 'objection_filed', station: station.name, text: e.objectionText ?? '' }, consoleLink.results(e.year)) : [];
    default:
      return [];
  }
}

const asRecipient = (u: UserRecipient) => ({ type: 'user' as const, id: u.id, name: u.displayName });

/** One draft per recipient. */
function draft(e: Pick<HandOffEvent, 'id' | 'type' | 'subdistrictId' | 'year' | 'occurredAt' | 'station'>, to: HandOffAudience, o: HandOffOptions,
  topic: HandOffTopic, path: string, recipients: (RecipientRef & { name: string })[], occasion = `event:${e.id}`, what?: string): NoticeDraft[] {
  const issueDate = localDate(e.occurredAt, o.timeZone);
  const kind = NOTICE_KINDS.handoff;
  const title = handOffTitle(e.year, topic);
  return recipients.map((r) => {
    const payload: HandOffNotice = {
      kind: 'handoff', year: e.year, topic, issueDate, subdistrict: to.subdistrict, recipient: { name: r.name }, ...noticeLink(o.consoleBaseUrl, path),
    };
    return {
      subdistrictId: e.subdistrictId, year: e.year, stationId: e.station?.id ?? null, kind, recipient: { type: r.type, id: r.id }, occasion,
      occasionLabel: occasionLabel(kind, issueDate, { what: what ?? OCCASION_WHAT[e.type as keyof typeof OCCASION_WHAT] }), title, payload,
    };
  });
}

/** The occasion key of a digest: this prefix and its local date. */
export const DIGEST_OCCASION_PREFIX = 'submissions-digest:';

/** A self-assessment submission, for the digest. */
export interface Submission {
  stationName: string;
  submittedAt: Date;
  late: boolean;
}

/**
 * The daily digest of submissions to each coordinator: the stations that submitted since the last digest, one notice
 * per coordinator and day (key: the digest's local date), none when nobody submitted.
 */
export function submissionDigestDrafts(f: { subdistrictId: string; year: number; digestAt: Date; submissions: Submission[] }, to: HandOffAudience,
  o: HandOffOptions): NoticeDraft[] {
  if (!f.submissions.length || !to.coordinators.length) return [];
  const stations: SubmittedStation[] = [...f.submissions].sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())
    .map((s) => ({ name: s.stationName, submittedAt: localDateTime(s.submittedAt, o.timeZone).slice(0, 16), late: s.late }));
  const event = { id: '', type: 'digest', subdistrictId: f.subdistrictId, year: f.year, occurredAt: f.digestAt, station: null };
  const day = localDate(f.digestAt, o.timeZone);
  return draft(event, to, o, { type: 'self_assessments_submitted', stations }, consoleLink.board(f.year, '?milestone=scoring'),
    to.coordinators.map(asRecipient), `${DIGEST_OCCASION_PREFIX}${day}`, OCCASION_WHAT.digest);
}

/**
 * How long after its time a digest is made: a submission that commits just after the digest time but was stamped
 * before it (its transaction began earlier) is then in it, never skipped by both this digest and the next.
 */
export const DIGEST_GRACE_MS = 60_000;

/**
 * The latest digest time (HANDOFF_DIGEST_TIME, local) whose grace has passed at `now`: the digest due now. A sweep
 * that was down over several digest times sends one, covering every submission since the last digest sent.
 */
export function digestDueAt(now: Date, time: string, timeZone: string, graceMs = DIGEST_GRACE_MS): Date {
  const t = new Date(now.getTime() - graceMs);
  const today = localDate(t, timeZone);
  const at = instantAt(today, time, timeZone);
  return at <= t ? at : instantAt(addDays(today, -1), time, timeZone);
}
