import { TransitionRefusedError } from './errors';
import { type PersistedSnapshot, allowedEvents, applyEvent, startSnapshot } from './machine-runtime';
import {
  STATION_YEAR_AWAITING_SUBMISSION,
  STATION_YEAR_EVENT_TYPES,
  STATION_YEAR_STATES,
  type StationYearContext,
  type StationYearEvent,
  type StationYearEventType,
  type StationYearState,
  stationYearMachine as M,
  stationYearStateLabel,
} from './station-year.machine';

const DEADLINE = '2026-12-31T15:59:59.999Z'; // end of 31 Dec, Asia/Shanghai
const UNTIL = '2027-01-10T15:59:59.999Z';

/** One valid event per type (payloads that pass every guard on the happy path). */
const sample: { [T in StationYearEventType]: Extract<StationYearEvent, { type: T }> } = {
  WINDOW_OPENED: { type: 'WINDOW_OPENED', deadline: DEADLINE },
  MONTH_RECORDED: { type: 'MONTH_RECORDED', month: 3 },
  RECOGNITION_ADDED: { type: 'RECOGNITION_ADDED', recognitionId: 'rec-1' },
  DRAFT_SAVED: { type: 'DRAFT_SAVED' },
  SUBMIT: { type: 'SUBMIT', at: '2026-12-20T02:00:00.000Z' },
  DEADLINE_PASSED: { type: 'DEADLINE_PASSED' },
  EXTENSION_GRANTED: { type: 'EXTENSION_GRANTED', until: UNTIL, reason: '负责人住院' },
  SCORING_STARTED: { type: 'SCORING_STARTED' },
  ITEM_SCORED: { type: 'ITEM_SCORED', itemKey: 'serveCentre' },
  SCORES_FINALISED: { type: 'SCORES_FINALISED' },
  RETURNED_FOR_RESCORING: { type: 'RETURNED_FOR_RESCORING', reason: '工单扣分有误' },
  RESULT_APPROVED: { type: 'RESULT_APPROVED' },
  RESULT_RELEASED: { type: 'RESULT_RELEASED' },
  ALL_NOTICES_DELIVERED: { type: 'ALL_NOTICES_DELIVERED' },
  YEAR_CLOSED: { type: 'YEAR_CLOSED' },
};

/** How to reach each state from the start. */
const pathTo: Record<StationYearState, StationYearEventType[]> = {
  recording: [],
  selfAssessmentOpen: ['WINDOW_OPENED'],
  submitted: ['WINDOW_OPENED', 'SUBMIT'],
  overdue: ['WINDOW_OPENED', 'DEADLINE_PASSED'],
  extended: ['WINDOW_OPENED', 'DEADLINE_PASSED', 'EXTENSION_GRANTED'],
  submittedLate: ['WINDOW_OPENED', 'DEADLINE_PASSED', 'EXTENSION_GRANTED', 'SUBMIT'],
  underScoring: ['WINDOW_OPENED', 'SUBMIT', 'SCORING_STARTED'],
  scored: ['WINDOW_OPENED', 'SUBMIT', 'SCORING_STARTED', 'SCORES_FINALISED'],
  resultApproved: ['WINDOW_OPENED', 'SUBMIT', 'SCORING_STARTED', 'SCORES_FINALISED', 'RESULT_APPROVED'],
  released: ['WINDOW_OPENED', 'SUBMIT', 'SCORING_STARTED', 'SCORES_FINALISED', 'RESULT_APPROVED', 'RESULT_RELEASED'],
  notified: [
    'WINDOW_OPENED', 'SUBMIT', 'SCORING_STARTED', 'SCORES_FINALISED', 'RESULT_APPROVED', 'RESULT_RELEASED',
    'ALL_NOTICES_DELIVERED',
  ],
  closed: [
    'WINDOW_OPENED', 'SUBMIT', 'SCORING_STARTED', 'SCORES_FINALISED', 'RESULT_APPROVED', 'RESULT_RELEASED',
    'ALL_NOTICES_DELIVERED', 'YEAR_CLOSED',
  ],
};

function start(): PersistedSnapshot<StationYearContext> {
  return startSnapshot(M, { stationId: 'st-1', year: 2026 });
}
function run(snapshot: PersistedSnapshot<StationYearContext>, ...events: StationYearEvent[]) {
  for (const e of events) snapshot = applyEvent(M, snapshot, e).snapshot;
  return snapshot;
}
function reach(state: StationYearState) {
  return run(start(), ...pathTo[state].map((t) => sample[t]));
}
function refusal(fn: () => unknown): TransitionRefusedError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TransitionRefusedError) return e;
    throw e;
  }
  throw new Error('expected TransitionRefusedError');
}

/** The specification: every allowed transition. */
const transitions: [StationYearState, StationYearEventType, StationYearState][] = [
  ['recording', 'WINDOW_OPENED', 'selfAssessmentOpen'],
  ['recording', 'MONTH_RECORDED', 'recording'],
  ['recording', 'RECOGNITION_ADDED', 'recording'],
  ['selfAssessmentOpen', 'SUBMIT', 'submitted'],
  ['selfAssessmentOpen', 'DEADLINE_PASSED', 'overdue'],
  ['selfAssessmentOpen', 'DRAFT_SAVED', 'selfAssessmentOpen'],
  ['selfAssessmentOpen', 'MONTH_RECORDED', 'selfAssessmentOpen'],
  ['selfAssessmentOpen', 'RECOGNITION_ADDED', 'selfAssessmentOpen'],
  ['submitted', 'SCORING_STARTED', 'underScoring'],
  ['submitted', 'MONTH_RECORDED', 'submitted'],
  ['submitted', 'RECOGNITION_ADDED', 'submitted'],
  ['overdue', 'EXTENSION_GRANTED', 'extended'],
  ['overdue', 'SCORING_STARTED', 'underScoring'],
  ['overdue', 'MONTH_RECORDED', 'overdue'],
  ['overdue', 'RECOGNITION_ADDED', 'overdue'],
  ['extended', 'SUBMIT', 'submittedLate'],
  ['extended', 'EXTENSION_GRANTED', 'extended'],
  ['extended', 'DEADLINE_PASSED', 'overdue'],
  ['extended', 'DRAFT_SAVED', 'extended'],
  ['extended', 'MONTH_RECORDED', 'extended'],
  ['extended', 'RECOGNITION_ADDED', 'extended'],
  ['submittedLate', 'SCORING_STARTED', 'underScoring'],
  ['submittedLate', 'MONTH_RECORDED', 'submittedLate'],
  ['submittedLate', 'RECOGNITION_ADDED', 'submittedLate'],
  ['underScoring', 'ITEM_SCORED', 'underScoring'],
  ['underScoring', 'SCORES_FINALISED', 'scored'],
  ['scored', 'RESULT_APPROVED', 'resultApproved'],
  ['scored', 'RETURNED_FOR_RESCORING', 'underScoring'],
  ['resultApproved', 'RESULT_RELEASED', 'released'],
  ['resultApproved', 'RETURNED_FOR_RESCORING', 'underScoring'],
  ['released', 'ALL_NOTICES_DELIVERED', 'notified'],
  ['notified', 'YEAR_CLOSED', 'closed'],
];

const allowedIn = (state: StationYearState) =>
  transitions.filter(([from]) => from === state).map(([, event]) => event);

describe('station-year machine', () => {
  it('starts in recording with the input in context', () => {
    const s = start();
    expect(s.value).toBe('recording');
    expect(s.context).toEqual({ stationId: 'st-1', year: 2026, late: false, returns: 0 });
  });

  it.each(transitions)('%s --%s--> %s', (from, event, to) => {
    const result = applyEvent(M, reach(from), sample[event]);
    expect(result.state).toBe(to);
    expect(result.previousState).toBe(from);
  });

  it.each(STATION_YEAR_STATES)('allowedEvents(%s) matches the table', (state) => {
    expect([...allowedEvents(M, reach(state))].sort()).toEqual([...allowedIn(state)].sort());
  });

  const refusals = STATION_YEAR_STATES.flatMap((state) =>
    STATION_YEAR_EVENT_TYPES.filter((e) => !allowedIn(state).includes(e)).map((e) => [state, e] as const),
  );
  it.each(refusals)('in %s, %s is refused', (state, event) => {
    const snapshot = reach(state);
    const err = refusal(() => applyEvent(M, snapshot, sample[event]));
    expect(err.code).toBe('STATE_CONFLICT');
    expect(err.state).toBe(state);
    expect(err.event).toBe(event);
    expect(err.reason).toBeUndefined();
    expect([...err.allowed].sort()).toEqual([...allowedIn(state)].sort());
    expect(err.message).toBe(
      `event ${event} is not allowed in state "${state}"; allowed: ${err.allowed.length ? err.allowed.join(', ') : '(none)'}`,
    );
  });

  describe('submission and deadlines', () => {
    it('an on-time submission records the instant and is not late', () => {
      const s = reach('submitted');
      expect(s.context).toMatchObject({ submittedAt: sample.SUBMIT.at, late: false, deadline: DEADLINE });
    });

    it('refuses SUBMIT after the deadline even before DEADLINE_PASSED arrives', () => {
      const err = refusal(() => applyEvent(M, reach('selfAssessmentOpen'), { type: 'SUBMIT', at: '2027-01-01T00:00:00Z' }));
      expect(err.state).toBe('selfAssessmentOpen');
      expect(err.reason).toMatch(/after the deadline/);
      expect(err.message).toMatch(/^event SUBMIT is refused in state "selfAssessmentOpen": /);
    });

    it('accepts SUBMIT when the window opened without a deadline', () => {
      const s = run(start(), { type: 'WINDOW_OPENED' }, { type: 'SUBMIT', at: '2030-01-01T00:00:00Z' });
      expect(s.value).toBe('submitted');
    });

    it('marks the station late on DEADLINE_PASSED and keeps it late after a late submission', () => {
      expect(reach('overdue').context.late).toBe(true);
      const s = reach('submittedLate');
      expect(s.context).toMatchObject({ late: true, submittedAt: sample.SUBMIT.at, extendedUntil: UNTIL });
    });

    it('refuses SUBMIT after the extended date, with the reason', () => {
      const err = refusal(() => applyEvent(M, reach('extended'), { type: 'SUBMIT', at: '2027-01-11T00:00:00Z' }));
      expect(err.state).toBe('extended');
      expect(err.event).toBe('SUBMIT');
      expect(err.reason).toMatch(/extended deadline/);
    });

    it('accepts SUBMIT exactly at the extended instant, whatever the offset', () => {
      const r = applyEvent(M, reach('extended'), { type: 'SUBMIT', at: '2027-01-10T23:59:59.999+08:00' });
      expect(r.state).toBe('submittedLate');
    });

    it('refuses an unparsable submission instant', () => {
      expect(() => applyEvent(M, reach('extended'), { type: 'SUBMIT', at: 'tomorrow' })).toThrow(TransitionRefusedError);
    });

    it('a second EXTENSION_GRANTED changes the date', () => {
      const later = '2027-01-20T15:59:59.999Z';
      const s = run(reach('extended'), { type: 'EXTENSION_GRANTED', until: later, reason: '再延期' });
      expect(s.value).toBe('extended');
      expect(s.context).toMatchObject({ extendedUntil: later, extensionReason: '再延期' });
      expect(run(s, { type: 'SUBMIT', at: '2027-01-15T00:00:00Z' }).value).toBe('submittedLate');
    });

    it('refuses an extension without a reason or with a bad date', () => {
      const overdue = reach('overdue');
      expect(refusal(() => applyEvent(M, overdue, { type: 'EXTENSION_GRANTED', until: UNTIL, reason: ' ' })).reason).toMatch(
        /reason/,
      );
      expect(() => applyEvent(M, overdue, { type: 'EXTENSION_GRANTED', until: 'soon', reason: 'x' })).toThrow(
        TransitionRefusedError,
      );
    });

    it('an extension that runs out sends the station back to overdue, from where it is scored from records', () => {
      const s = run(reach('extended'), sample.DEADLINE_PASSED, sample.SCORING_STARTED);
      expect(s.value).toBe('underScoring');
      expect(s.context.submittedAt).toBeUndefined();
    });

    it('lists the states that still owe a self-assessment', () => {
      expect(STATION_YEAR_AWAITING_SUBMISSION).toEqual(['selfAssessmentOpen', 'overdue', 'extended']);
    });
  });

  describe('stay events and returns', () => {
    it('DRAFT_SAVED, MONTH_RECORDED and ITEM_SCORED are accepted without change', () => {
      for (const [state, event] of [
        ['selfAssessmentOpen', 'DRAFT_SAVED'],
        ['submitted', 'MONTH_RECORDED'],
        ['underScoring', 'ITEM_SCORED'],
      ] as const) {
        const before = reach(state);
        const r = applyEvent(M, before, sample[event]);
        expect(r).toMatchObject({ state, previousState: state, changed: false });
        expect(r.snapshot).toEqual(before);
      }
    });

    it('counts returns for re-scoring and keeps the last reason', () => {
      let s = run(reach('scored'), { type: 'RETURNED_FOR_RESCORING', reason: '第一次' });
      expect(s.context).toMatchObject({ returns: 1, lastReturnReason: '第一次' });
      s = run(s, sample.SCORES_FINALISED, sample.RESULT_APPROVED, { type: 'RETURNED_FOR_RESCORING', reason: '第二次' });
      expect(s.value).toBe('underScoring');
      expect(s.context).toMatchObject({ returns: 2, lastReturnReason: '第二次' });
    });

    it('refuses a return without a reason', () => {
      const err = refusal(() => applyEvent(M, reach('scored'), { type: 'RETURNED_FOR_RESCORING', reason: '' }));
      expect(err.reason).toMatch(/reason/);
    });

    it('closed is final', () => {
      const s = reach('closed');
      expect(s.status).toBe('done');
      expect(allowedEvents(M, s)).toEqual([]);
    });
  });

  it('has a Chinese label for every state', () => {
    expect(Object.keys(stationYearStateLabel).sort()).toEqual([...STATION_YEAR_STATES].sort());
    expect(stationYearStateLabel.overdue).toBe('逾期未交');
  });
});
