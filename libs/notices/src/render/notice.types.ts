/**
 * The data of every people-facing message. Plain, serialisable values only (no Nest, no DB):
 * the delivery layer stores these as JSON and re-renders on each attempt.
 *
 * Scores arrive already formatted (`formatTenths(925)` → `'92.5'` from `@app/policy`): rendering is an
 * edge, and the notice must show exactly the figures the leading group approved.
 * Money is whole yuan. Calendar dates are `'YYYY-MM-DD'` in the subdistrict's zone; instants are `Date`.
 */

export type NoticeKind = 'result_notice' | 'reminder' | 'overdue_notice' | 'late_list' | 'delivery_failed' | 'calendar_warning' | 'handoff';

export type GradeKey = 'excellent' | 'good' | 'qualified' | 'unqualified';
export type StationKindKey = 'independent' | 'regional';
/** `'YYYY-MM-DD'` */
export type CalendarDate = string;
/** `'YYYY-MM'` */
export type CalendarMonth = string;
/** A score formatted for people, e.g. `'92.5'`. */
export type ScoreText = string;

export interface SubdistrictRef {
  /** 城东街道 */
  name: string;
  /** 城东: used in notice numbers */
  abbr: string;
}

export interface NoticeBase {
  subdistrict: SubdistrictRef;
  /** Date printed under the signature. */
  issueDate: CalendarDate;
  /** Whom the salutation addresses: a department, a station, or a group (考核协调组). */
  recipient: { name: string };
  /** Overrides the default signature body (e.g. 城东街道考核领导小组). */
  signatory?: string;
  /** Where the recipient can act (the system's page); shown as a plain link. */
  link?: string;
  /** The console path of `link` (/console/…): the inbox opens it in the page. */
  route?: string;
}

/** (a) dispatching department, (b) organisation/HR department, (c) the station itself. */
export type ResultRecipientRole = 'dispatching_department' | 'organisation_department' | 'station';

export interface StaffResult {
  name: string;
  /** 负责人 or 工作人员 */
  position: 'head' | 'staff';
  grade: GradeKey;
  bonusYuan: number;
}

export interface ResultNotice extends NoticeBase {
  kind: 'result_notice';
  year: number;
  /** Formatted with `formatNoticeNumber`, e.g. 城东考〔2026〕3号; the same for all three recipients. */
  noticeNumber: string;
  recipientRole: ResultRecipientRole;
  station: {
    name: string;
    kind: StationKindKey;
    /** 派出部门, e.g. 区公安分局 */
    dispatchingDepartment: string;
  };
  scores: {
    /** 日常管理 */
    daily: ScoreText;
    /** 专项管理 */
    special: ScoreText;
    /** 创新工作附加 */
    innovation: ScoreText;
    total: ScoreText;
  };
  rank: { position: number; of: number };
  /** The station's grade (for independent stations: the station result the staff grades derive from). */
  grade: GradeKey;
  /** Reached the excellent threshold but fell to good under the excellent quota. */
  quotaDemoted: boolean;
  bonus: {
    /** Regional stations: the amount each staff member receives (0 below good). */
    perPersonYuan?: number;
    /** Regional stations: how many staff are paid. */
    headcount?: number;
    totalYuan: number;
  };
  /** Independent stations: each person's grade and bonus. */
  staff?: StaffResult[];
}

export type ReminderTopic =
  /** Monthly record (平时考核记录) not filed by its due date. */
  | { type: 'monthly_record_missing'; month: CalendarMonth; dueDate: CalendarDate }
  /** December: the self-assessment (自评表) is not yet submitted. */
  | { type: 'self_assessment_due'; deadline: CalendarDate; daysLeft: number }
  /** 1 December: the self-assessment window is open. */
  | { type: 'window_open'; opensOn: CalendarDate; deadline: CalendarDate };

export interface ReminderNotice extends NoticeBase {
  kind: 'reminder';
  year: number;
  station: { name: string };
  topic: ReminderTopic;
}

export interface OverdueNotice extends NoticeBase {
  kind: 'overdue_notice';
  year: number;
  station: { name: string };
  deadline: CalendarDate;
}

export interface LateStation {
  name: string;
  dispatchingDepartment?: string;
  dueDate: CalendarDate;
  /** e.g. 已延期至2027年1月10日 */
  note?: string;
}

export interface LateListNotice extends NoticeBase {
  kind: 'late_list';
  year: number;
  /** What is late: a month's records (escalation on the 6th) or the year's self-assessment (1 January). */
  subject: { type: 'monthly_record'; month: CalendarMonth } | { type: 'self_assessment' };
  stations: LateStation[];
}

export interface DeliveryFailedNotice extends NoticeBase {
  kind: 'delivery_failed';
  failed: {
    /** The title of the notice that could not be delivered. */
    title: string;
    noticeNumber?: string;
    recipientName: string;
    channel: 'inbox' | 'webhook' | 'email' | 'dingtalk' | 'wecom';
    /** URL or e-mail address, as configured. Never a secret. */
    address?: string;
    attempts: number;
    lastError: string;
    failedAt: Date;
  };
  /** IANA zone used to print `failedAt`; default Asia/Shanghai. */
  timeZone?: string;
}

/** To coordinators: the coming year's official holiday schedule is not loaded (reminders fall back to weekends only). */
export interface CalendarWarningNotice extends NoticeBase {
  kind: 'calendar_warning';
  /** The calendar year without an official schedule. */
  calendarYear: number;
  status: 'missing' | 'provisional';
}

/** A station whose self-assessment reached the coordinators (the daily digest). */
export interface SubmittedStation {
  name: string;
  /** Local date and time of the submission, 'YYYY-MM-DDTHH:mm'. */
  submittedAt: string;
  late: boolean;
}

/** What was handed over, and the facts the next person needs to act on it. */
export type HandOffTopic =
  | { type: 'extension_granted'; station: string; until: CalendarDate; reason: string }
  | { type: 'recognition_verified'; station: string; title: string }
  | { type: 'recognition_refused'; station: string; title: string; reason: string }
  | { type: 'station_returned'; station: string; reason: string }
  | { type: 'table_returned'; reason: string }
  | { type: 'self_assessments_submitted'; stations: SubmittedStation[] }
  | { type: 'results_submitted' }
  | { type: 'results_approved'; publicityUntil?: CalendarDate }
  | { type: 'objection_filed'; station: string; text: string };

/** Work handed to the next person (DOMAIN "Hand-offs"): what happened and what to do now, with a link into the console. */
export interface HandOffNotice extends NoticeBase {
  kind: 'handoff';
  year: number;
  topic: HandOffTopic;
}

export type Notice = ResultNotice | ReminderNotice | OverdueNotice | LateListNotice | DeliveryFailedNotice | CalendarWarningNotice | HandOffNotice;
