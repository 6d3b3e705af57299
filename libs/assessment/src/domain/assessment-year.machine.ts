/**
 * One subdistrict's assessment year: the result table's life from the self-assessment window to release.
 *
 * Choice: RESULTS_COMPUTED stops in `resultsComputed` (the coordinators review ranking, grades and quota,
 * and may recompute) and SUBMITTED_FOR_APPROVAL moves the table to the leading group (`pendingApproval`).
 * Pure: no timers, no clock; the publicity period's end arrives as PUBLICITY_ENDED from a job.
 */
import { assign, setup } from 'xstate';
import { type PersistedSnapshot, canApply } from './machine-runtime';

export const ASSESSMENT_YEAR_MACHINE_ID = 'assessmentYear';
export const ASSESSMENT_YEAR_MACHINE_VERSION = 1;

export const ASSESSMENT_YEAR_STATES = [
  'opened',
  'selfAssessmentWindow',
  'scoring',
  'resultsComputed',
  'pendingApproval',
  'returned',
  'approved',
  'publicity',
  'released',
  'closed',
] as const;
export type AssessmentYearState = (typeof ASSESSMENT_YEAR_STATES)[number];

export const assessmentYearStateLabel: Record<AssessmentYearState, string> = {
  opened: '已启动',
  selfAssessmentWindow: '自评期',
  scoring: '测评中',
  resultsComputed: '结果已汇总',
  pendingApproval: '待领导小组审定',
  returned: '已退回重评',
  approved: '已审定',
  publicity: '公示中',
  released: '结果已发布',
  closed: '已归档',
};

export interface AssessmentYearInput {
  subdistrictId: string;
  year: number;
  /** Rubric/policy version used for the whole year (e.g. `2021-trial`); no event changes it. */
  policyVersion: string;
  /** Whether approved results are publicised (公示) before release. */
  publicityEnabled: boolean;
}

export interface OpenObjection {
  objectionId: string;
  stationId: string;
}

export interface AssessmentYearContext {
  subdistrictId: string;
  year: number;
  policyVersion: string;
  publicityEnabled: boolean;
  /** Returns by the leaders (whole table or one station). */
  returns: number;
  lastReturnReason?: string;
  /** The whole table was returned and awaits recomputation. */
  tableReturned: boolean;
  /** Stations returned or with an upheld objection, awaiting recomputation. Cleared by RESULTS_COMPUTED. */
  rescoreStationIds: string[];
  openObjections: OpenObjection[];
  /** The current publicity period has ended (reset by PUBLICITY_STARTED). */
  publicityEnded: boolean;
}

export type AssessmentYearEvent =
  | { type: 'WINDOW_OPENED' }
  | { type: 'DEADLINE_PASSED' }
  | { type: 'SCORING_STARTED' }
  | { type: 'RESULTS_COMPUTED'; unscoredStations: number }
  | { type: 'SUBMITTED_FOR_APPROVAL' }
  | { type: 'TABLE_RETURNED'; reason: string }
  | { type: 'STATION_RETURNED'; stationId: string; reason: string }
  | { type: 'APPROVED' }
  | { type: 'PUBLICITY_STARTED' }
  | { type: 'OBJECTION_FILED'; objectionId: string; stationId: string }
  | { type: 'OBJECTION_ANSWERED'; objectionId: string; upheld: boolean }
  | { type: 'PUBLICITY_ENDED' }
  | { type: 'RELEASED' }
  | { type: 'CLOSED' };
export type AssessmentYearEventType = AssessmentYearEvent['type'];

const eventTypes: Record<AssessmentYearEventType, true> = {
  WINDOW_OPENED: true,
  DEADLINE_PASSED: true,
  SCORING_STARTED: true,
  RESULTS_COMPUTED: true,
  SUBMITTED_FOR_APPROVAL: true,
  TABLE_RETURNED: true,
  STATION_RETURNED: true,
  APPROVED: true,
  PUBLICITY_STARTED: true,
  OBJECTION_FILED: true,
  OBJECTION_ANSWERED: true,
  PUBLICITY_ENDED: true,
  RELEASED: true,
  CLOSED: true,
};
export const ASSESSMENT_YEAR_EVENT_TYPES = Object.keys(eventTypes) as AssessmentYearEventType[];

const hasText = (s: unknown): boolean => typeof s === 'string' && s.trim().length > 0;
const isOpen = (context: AssessmentYearContext, objectionId: string): boolean =>
  context.openObjections.some((o) => o.objectionId === objectionId);

const returnTransitions = {
  TABLE_RETURNED: {
    target: 'returned',
    guard: 'hasReason',
    actions: 'recordReturn',
    meta: { refusal: 'a return needs a reason' },
  },
  STATION_RETURNED: {
    target: 'returned',
    guard: 'hasReason',
    actions: 'recordReturn',
    meta: { refusal: 'a station return needs a stationId and a reason' },
  },
} as const;

const computeResults = {
  guard: 'allStationsScored',
  actions: 'clearRescore',
  meta: { refusal: 'results cannot be computed while stations are unscored' },
} as const;

export const assessmentYearMachine = setup({
  types: {} as {
    context: AssessmentYearContext;
    events: AssessmentYearEvent;
    input: AssessmentYearInput;
  },
  actions: {
    clearRescore: assign({ tableReturned: false, rescoreStationIds: [] }),
    recordReturn: assign(({ context, event }) => {
      if (event.type === 'TABLE_RETURNED') {
        return { returns: context.returns + 1, lastReturnReason: event.reason, tableReturned: true };
      }
      if (event.type === 'STATION_RETURNED') {
        return {
          returns: context.returns + 1,
          lastReturnReason: event.reason,
          rescoreStationIds: addUnique(context.rescoreStationIds, event.stationId),
        };
      }
      return {};
    }),
    startPublicity: assign({ publicityEnded: false }),
    endPublicity: assign({ publicityEnded: true }),
    fileObjection: assign(({ context, event }) =>
      event.type === 'OBJECTION_FILED' && !isOpen(context, event.objectionId)
        ? { openObjections: [...context.openObjections, { objectionId: event.objectionId, stationId: event.stationId }] }
        : {},
    ),
    answerObjection: assign(({ context, event }) => {
      if (event.type !== 'OBJECTION_ANSWERED') return {};
      const answered = context.openObjections.find((o) => o.objectionId === event.objectionId);
      return {
        openObjections: context.openObjections.filter((o) => o.objectionId !== event.objectionId),
        rescoreStationIds:
          event.upheld && answered ? addUnique(context.rescoreStationIds, answered.stationId) : context.rescoreStationIds,
      };
    }),
  },
  guards: {
    allStationsScored: ({ event }) => event.type === 'RESULTS_COMPUTED' && event.unscoredStations === 0,
    hasReason: ({ event }) =>
      (event.type === 'TABLE_RETURNED' && hasText(event.reason)) ||
      (event.type === 'STATION_RETURNED' && hasText(event.reason) && hasText(event.stationId)),
    publicityEnabled: ({ context }) => context.publicityEnabled,
    publicityDisabled: ({ context }) => !context.publicityEnabled,
    publicityRunning: ({ context }) => !context.publicityEnded,
    objectionUpheld: ({ context, event }) =>
      event.type === 'OBJECTION_ANSWERED' && event.upheld && isOpen(context, event.objectionId),
    objectionDismissed: ({ context, event }) =>
      event.type === 'OBJECTION_ANSWERED' && !event.upheld && isOpen(context, event.objectionId),
    publicityOverWithoutObjections: ({ context }) => context.publicityEnded && context.openObjections.length === 0,
  },
}).createMachine({
  id: ASSESSMENT_YEAR_MACHINE_ID,
  version: String(ASSESSMENT_YEAR_MACHINE_VERSION),
  initial: 'opened',
  context: ({ input }) => ({
    subdistrictId: input.subdistrictId,
    year: input.year,
    policyVersion: input.policyVersion,
    publicityEnabled: input.publicityEnabled,
    returns: 0,
    tableReturned: false,
    rescoreStationIds: [],
    openObjections: [],
    publicityEnded: false,
  }),
  states: {
    opened: { on: { WINDOW_OPENED: 'selfAssessmentWindow' } },
    selfAssessmentWindow: {
      on: { DEADLINE_PASSED: 'scoring', SCORING_STARTED: 'scoring' },
    },
    scoring: {
      on: { RESULTS_COMPUTED: { target: 'resultsComputed', ...computeResults } },
    },
    resultsComputed: {
      on: {
        RESULTS_COMPUTED: computeResults, // recompute in place
        SUBMITTED_FOR_APPROVAL: 'pendingApproval',
      },
    },
    pendingApproval: {
      on: { APPROVED: 'approved', ...returnTransitions },
    },
    returned: { on: { SCORING_STARTED: 'scoring' } },
    approved: {
      on: {
        PUBLICITY_STARTED: {
          target: 'publicity',
          guard: 'publicityEnabled',
          actions: 'startPublicity',
          meta: { refusal: 'publicity is disabled for this year' },
        },
        RELEASED: {
          target: 'released',
          guard: 'publicityDisabled',
          meta: { refusal: 'publicity is enabled: results are released after the publicity period' },
        },
        ...returnTransitions,
      },
    },
    publicity: {
      on: {
        OBJECTION_FILED: {
          guard: 'publicityRunning',
          actions: 'fileObjection',
          meta: { refusal: 'the publicity period has ended' },
        },
        OBJECTION_ANSWERED: [
          { target: 'scoring', guard: 'objectionUpheld', actions: 'answerObjection' },
          {
            guard: 'objectionDismissed',
            actions: 'answerObjection',
            meta: { refusal: 'no such open objection' },
          },
        ],
        PUBLICITY_ENDED: {
          guard: 'publicityRunning',
          actions: 'endPublicity',
          meta: { refusal: 'the publicity period has already ended' },
        },
        RELEASED: {
          target: 'released',
          guard: 'publicityOverWithoutObjections',
          meta: { refusal: 'release waits for the end of the publicity period and for every objection to be answered' },
        },
      },
    },
    released: { on: { CLOSED: 'closed' } },
    closed: { type: 'final' },
  },
});

function addUnique(list: readonly string[], item: string): string[] {
  return list.includes(item) ? [...list] : [...list, item];
}

// ---- Gates used by command handlers (all pure, all answered by the machine itself) ----

type YearSnapshot = PersistedSnapshot<AssessmentYearContext>;

/** Whether RELEASED would be accepted now (approved without publicity, or publicity over with no open objections). */
export function canRelease(year: YearSnapshot): boolean {
  return canApply(assessmentYearMachine, year, { type: 'RELEASED' });
}

/** Whether results may be computed now with this many unscored stations. */
export function canComputeResults(year: YearSnapshot, unscoredStations: number): boolean {
  return canApply(assessmentYearMachine, year, { type: 'RESULTS_COMPUTED', unscoredStations });
}

export function openObjections(year: YearSnapshot): readonly OpenObjection[] {
  return year.context.openObjections;
}
