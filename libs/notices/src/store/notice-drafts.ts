/**
 * What the notice store takes in (typed drafts and typed audiences, never SQL) and what it gives back.
 * The rules (../rules) produce these; the store turns them into rows.
 */
import type { Notice } from '../render/notice.types';
import type { StoredNoticeKind } from '../delivery/notice-kinds';

export const CHANNEL_KINDS = ['inbox', 'webhook', 'email', 'dingtalk', 'wecom'] as const;
export type DeliveryChannel = (typeof CHANNEL_KINDS)[number];

export type RecipientType = 'user' | 'department' | 'station';
export interface RecipientRef {
  type: RecipientType;
  id: string;
}

/** One notice to one recipient, fully composed. */
export interface NoticeDraft {
  subdistrictId: string;
  year: number;
  stationId: string | null;
  kind: StoredNoticeKind;
  recipient: RecipientRef;
  /** Stable key of the occasion within (station, year, kind, recipient): part of the unique key. */
  occasion: string;
  /** For people: 12月15日自评提醒, 1月4日逾期通知. */
  occasionLabel: string;
  number?: string | null;
  title: string;
  payload: Notice;
}

/** Station-years of some assessment years, narrowed by machine state and a missing month. */
export interface StationAudience {
  assessmentYearIds: string[];
  /** Only stations in one of these states (a set from @app/assessment/domain). */
  inStates?: readonly string[];
  /** Never stations in one of these states. */
  notInStates?: readonly string[];
  /** Only stations whose record of this month (special part) is missing. */
  missingMonth?: number;
}

interface BatchHead {
  kind: StoredNoticeKind;
  occasion: string;
  occasionLabel: string;
  title: string;
  /** Local date printed on the notice. */
  issueDate: string;
}

/** One notice per station of `audience`, addressed to the station; `fields` complete the payload. */
export interface StationNoticeBatch extends BatchHead {
  audience: StationAudience;
  /** Render kind and topic fields of the payload (subdistrict, recipient, station and year are filled per row). */
  fields: { kind: Notice['kind'] } & Record<string, unknown>;
}

/** One list per coordinator of each year's subdistrict: the stations of `audience` (sent only when any, unless `always`). */
export interface CoordinatorListBatch extends BatchHead {
  audience: StationAudience;
  subject: { type: 'monthly_record'; month: string } | { type: 'self_assessment' };
  /** Due date printed per listed station. */
  dueDate: string;
  always: boolean;
  timeZone: string;
  /** Listed stations in these states get the note 已延期至… (their extension's end). */
  extendedStates: readonly string[];
}

/** A delivery the store created: what the queue needs to wake it. */
export interface NewDelivery {
  id: string;
  noticeId: string;
  channel: DeliveryChannel;
}

/** What a batch created, counted: its notices and deliveries; the inbox deliveries by number, the others by id. */
export interface CreatedBatch {
  notices: number;
  deliveries: number;
  inbox: number;
  others: NewDelivery[];
}

/** The deliveries of some drafts, counted as a batch. */
export function batchOf(deliveries: NewDelivery[]): CreatedBatch {
  const others = deliveries.filter((d) => d.channel !== 'inbox');
  return { notices: new Set(deliveries.map((d) => d.noticeId)).size, deliveries: deliveries.length, inbox: deliveries.length - others.length, others };
}

/** An active user, for rules that address people (coordinators, leaders). */
export interface UserRecipient {
  id: string;
  subdistrictId: string;
  displayName: string;
  subdistrict: { name: string; abbr: string };
}
