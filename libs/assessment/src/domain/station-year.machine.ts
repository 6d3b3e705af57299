/**
 * One station's assessment year (平时考核 → 自评 → 测评 → 审定 → 发布 → 抄告 → 归档).
 *
 * Pure: no timers, no clock. Deadlines arrive as events fired by jobs (DEADLINE_PASSED); instants
 * arrive in payloads as ISO-8601 strings and are compared with Date.parse.
 */
import { assign, setup } from 'xstate';

export const STATION_YEAR_MACHINE_ID = 'stationYear';
export const STATION_YEAR_MACHINE_VERSION = 1;

export const STATION_YEAR_STATES = [
  'recording',
  'selfAssessmentOpen',
  'submitted',
  'overdue',
  'extended',
  'submittedLate',
  'underScoring',
  'scored',
  'resultApproved',
  'released',
  'notified',
  'closed',
] as const;
export type StationYearState = (typeof STATION_YEAR_STATES)[number];

/** Labels for people (UI, exports, notices). */
export const stationYearStateLabel: Record<StationYearState, string> = {
  recording: '平时记录中',
  selfAssessmentOpen: '自评中',
  submitted: '已提交',
  overdue: '逾期未交',
  extended: '已延期',
  submittedLate: '逾期提交',
  underScoring: '测评中',
  scored: '已测评',
  resultApproved: '结果已审定',
  released: '结果已发布',
  notified: '已抄告',
  closed: '已归档',
};

export interface StationYearInput {
  stationId: string;
  year: number;
}

export interface StationYearContext {
  stationId: string;
  year: number;
  /** Submission deadline (ISO instant) given by WINDOW_OPENED, if the job supplied one. */
  deadline?: string;
  /** When the self-assessment (自评表) was submitted (ISO instant). */
  submittedAt?: string;
  /** Missed the deadline: set on DEADLINE_PASSED and never cleared (a late submission stays late). */
  late: boolean;
  /** Extension granted by a coordinator: submissions are accepted up to this instant (inclusive). */
  extendedUntil?: string;
  extensionReason?: string;
  /** How many times the leaders returned this station for re-scoring. */
  returns: number;
  lastReturnReason?: string;
}

/** Instants (`at`, `deadline`, `until`) are ISO-8601 strings, e.g. `2026-12-31T15:59:59.999Z`. */
export type StationYearEvent =
  | { type: 'WINDOW_OPENED'; deadline?: string }
  | { type: 'MONTH_RECORDED'; month: number }
  | { type: 'RECOGNITION_ADDED'; recognitionId?: string }
  | { type: 'DRAFT_SAVED' }
  | { type: 'SUBMIT'; at: string }
  | { type: 'DEADLINE_PASSED' }
  | { type: 'EXTENSION_GRANTED'; until: string; reason: string }
  | { type: 'SCORING_STARTED' }
  | { type: 'ITEM_SCORED'; itemKey: string }
  | { type: 'SCORES_FINALISED' }
  | { type: 'RETURNED_FOR_RESCORING'; reason: string }
  | { type: 'RESULT_APPROVED' }
  | { type: 'RESULT_RELEASED' }
  | { type: 'ALL_NOTICES_DELIVERED' }
  | { type: 'YEAR_CLOSED' };
export type StationYearEventType = StationYearEvent['type'];

const eventTypes: Record<StationYearEventType, true> = {
  WINDOW_OPENED: true,
  MONTH_RECORDED: true,
  RECOGNITION_ADDED: true,
  DRAFT_SAVED: true,
  SUBMIT: true,
  DEADLINE_PASSED: true,
  EXTENSION_GRANTED: true,
  SCORING_STARTED: true,
  ITEM_SCORED: true,
  SCORES_FINALISED: true,
  RETURNED_FOR_RESCORING: true,
  RESULT_APPROVED: true,
  RESULT_RELEASED: true,
  ALL_NOTICES_DELIVERED: true,
  YEAR_CLOSED: true,
};
export const STATION_YEAR_EVENT_TYPES = Object.keys(eventTypes) as StationYearEventType[];

/** `at` is at or before `limit`; an unparsable instant never passes. */
export function isAtOrBefore(at: string, limit: string): boolean {
  const a = Date.parse(at);
  const l = Date.parse(limit);
  return Number.isFinite(a) && Number.isFinite(l) && a <= l;
}

const hasText = (s: unknown): boolean => typeof s === 'string' && s.trim().length > 0;

/**
 * Targetless "stay" transitions must name an action: XState's `can()` treats a targetless
 * transition without actions as forbidden. `acknowledge` does nothing; the handler records the event.
 */
const stay = { actions: 'acknowledge' } as const;
const recordsOpen = { MONTH_RECORDED: stay, RECOGNITION_ADDED: stay } as const;

export const stationYearMachine = setup({
  types: {} as {
    context: StationYearContext;
    events: StationYearEvent;
    input: StationYearInput;
  },
  actions: {
    acknowledge: () => undefined,
    countReturn: assign(({ context, event }) => ({
      returns: context.returns + 1,
      lastReturnReason: event.type === 'RETURNED_FOR_RESCORING' ? event.reason : context.lastReturnReason,
    })),
  },
  guards: {
    /** On time: no deadline known, or `at` is not after it (the DEADLINE_PASSED job may lag). */
    submittedBeforeDeadline: ({ context, event }) =>
      event.type === 'SUBMIT' && (context.deadline === undefined || isAtOrBefore(event.at, context.deadline)),
    submittedWithinExtension: ({ context, event }) =>
      event.type === 'SUBMIT' && context.extendedUntil !== undefined && isAtOrBefore(event.at, context.extendedUntil),
    validExtension: ({ event }) =>
      event.type === 'EXTENSION_GRANTED' && hasText(event.reason) && Number.isFinite(Date.parse(event.until)),
    hasReturnReason: ({ event }) => event.type === 'RETURNED_FOR_RESCORING' && hasText(event.reason),
  },
}).createMachine({
  id: STATION_YEAR_MACHINE_ID,
  version: String(STATION_YEAR_MACHINE_VERSION),
  initial: 'recording',
  context: ({ input }) => ({ stationId: input.stationId, year: input.year, late: false, returns: 0 }),
  states: {
    recording: {
      on: {
        WINDOW_OPENED: {
          target: 'selfAssessmentOpen',
          actions: assign({ deadline: ({ event }) => event.deadline }),
        },
        ...recordsOpen,
      },
    },
    selfAssessmentOpen: {
      on: {
        SUBMIT: {
          target: 'submitted',
          guard: 'submittedBeforeDeadline',
          actions: assign({ submittedAt: ({ event }) => event.at }),
          meta: { refusal: 'submitted after the deadline; wait for DEADLINE_PASSED and an extension' },
        },
        DEADLINE_PASSED: { target: 'overdue', actions: assign({ late: true }) },
        DRAFT_SAVED: stay,
        ...recordsOpen,
      },
    },
    submitted: {
      on: { SCORING_STARTED: 'underScoring', ...recordsOpen },
    },
    overdue: {
      on: {
        EXTENSION_GRANTED: {
          target: 'extended',
          guard: 'validExtension',
          actions: assign({ extendedUntil: ({ event }) => event.until, extensionReason: ({ event }) => event.reason }),
          meta: { refusal: 'an extension needs a valid `until` instant and a reason' },
        },
        // A station that never submits is scored from its records.
        SCORING_STARTED: 'underScoring',
        ...recordsOpen,
      },
    },
    extended: {
      on: {
        SUBMIT: {
          target: 'submittedLate',
          guard: 'submittedWithinExtension',
          actions: assign({ submittedAt: ({ event }) => event.at }),
          meta: { refusal: 'submitted after the extended deadline' },
        },
        // Change the extended date (re-entering is not needed: only context changes).
        EXTENSION_GRANTED: {
          guard: 'validExtension',
          actions: assign({ extendedUntil: ({ event }) => event.until, extensionReason: ({ event }) => event.reason }),
          meta: { refusal: 'an extension needs a valid `until` instant and a reason' },
        },
        // The extension ran out without a submission (fired by the deadline job).
        DEADLINE_PASSED: 'overdue',
        DRAFT_SAVED: stay,
        ...recordsOpen,
      },
    },
    submittedLate: {
      on: { SCORING_STARTED: 'underScoring', ...recordsOpen },
    },
    underScoring: {
      on: { ITEM_SCORED: stay, SCORES_FINALISED: 'scored' },
    },
    scored: {
      on: {
        RESULT_APPROVED: 'resultApproved',
        RETURNED_FOR_RESCORING: {
          target: 'underScoring',
          guard: 'hasReturnReason',
          actions: 'countReturn',
          meta: { refusal: 'a return needs a reason' },
        },
      },
    },
    resultApproved: {
      on: {
        RESULT_RELEASED: 'released',
        RETURNED_FOR_RESCORING: {
          target: 'underScoring',
          guard: 'hasReturnReason',
          actions: 'countReturn',
          meta: { refusal: 'a return needs a reason' },
        },
      },
    },
    released: { on: { ALL_NOTICES_DELIVERED: 'notified' } },
    notified: { on: { YEAR_CLOSED: 'closed' } },
    closed: { type: 'final' },
  },
});

/** States in which the station still owes its self-assessment (December reminders go only to these). */
export const STATION_YEAR_AWAITING_SUBMISSION: readonly StationYearState[] = [
  'selfAssessmentOpen',
  'overdue',
  'extended',
];
