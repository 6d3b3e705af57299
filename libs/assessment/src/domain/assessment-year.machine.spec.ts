import {
  ASSESSMENT_YEAR_EVENT_TYPES,
  ASSESSMENT_YEAR_STATES,
  type AssessmentYearContext,
  type AssessmentYearEvent,
  type AssessmentYearEventType,
  type AssessmentYearState,
  assessmentYearMachine as M,
  assessmentYearStateLabel,
  canComputeResults,
  canRelease,
  openObjections,
} from './assessment-year.machine';
import { TransitionRefusedError } from './errors';
import { type PersistedSnapshot, allowedEvents, applyEvent, startSnapshot } from './machine-runtime';

type Snap = PersistedSnapshot<AssessmentYearContext>;

const sample: { [T in AssessmentYearEventType]: Extract<AssessmentYearEvent, { type: T }> } = {
  WINDOW_OPENED: { type: 'WINDOW_OPENED' },
  DEADLINE_PASSED: { type: 'DEADLINE_PASSED' },
  SCORING_STARTED: { type: 'SCORING_STARTED' },
  RESULTS_COMPUTED: { type: 'RESULTS_COMPUTED', unscoredStations: 0 },
  SUBMITTED_FOR_APPROVAL: { type: 'SUBMITTED_FOR_APPROVAL' },
  TABLE_RETURNED: { type: 'TABLE_RETURNED', reason: '排名有误' },
  STATION_RETURNED: { type: 'STATION_RETURNED', stationId: 'st-1', reason: '工单扣分有误' },
  APPROVED: { type: 'APPROVED' },
  PUBLICITY_STARTED: { type: 'PUBLICITY_STARTED' },
  OBJECTION_FILED: { type: 'OBJECTION_FILED', objectionId: 'obj-1', stationId: 'st-2' },
  OBJECTION_ANSWERED: { type: 'OBJECTION_ANSWERED', objectionId: 'obj-1', upheld: false },
  PUBLICITY_ENDED: { type: 'PUBLICITY_ENDED' },
  RELEASED: { type: 'RELEASED' },
  CLOSED: { type: 'CLOSED' },
};

const toApproved: AssessmentYearEventType[] = [
  'WINDOW_OPENED', 'DEADLINE_PASSED', 'RESULTS_COMPUTED', 'SUBMITTED_FOR_APPROVAL', 'APPROVED',
];

/** Situations to start a row from: every state (publicity enabled), plus a few variants. */
const situations = {
  opened: [],
  selfAssessmentWindow: ['WINDOW_OPENED'],
  scoring: ['WINDOW_OPENED', 'DEADLINE_PASSED'],
  resultsComputed: ['WINDOW_OPENED', 'DEADLINE_PASSED', 'RESULTS_COMPUTED'],
  pendingApproval: ['WINDOW_OPENED', 'DEADLINE_PASSED', 'RESULTS_COMPUTED', 'SUBMITTED_FOR_APPROVAL'],
  returned: ['WINDOW_OPENED', 'DEADLINE_PASSED', 'RESULTS_COMPUTED', 'SUBMITTED_FOR_APPROVAL', 'TABLE_RETURNED'],
  approved: toApproved,
  publicity: [...toApproved, 'PUBLICITY_STARTED'],
  released: [...toApproved, 'PUBLICITY_STARTED', 'PUBLICITY_ENDED', 'RELEASED'],
  closed: [...toApproved, 'PUBLICITY_STARTED', 'PUBLICITY_ENDED', 'RELEASED', 'CLOSED'],
  'approved, publicity disabled': toApproved,
  'publicity, objection open': [...toApproved, 'PUBLICITY_STARTED', 'OBJECTION_FILED'],
  'publicity, ended': [...toApproved, 'PUBLICITY_STARTED', 'PUBLICITY_ENDED'],
} satisfies Record<string, AssessmentYearEventType[]>;
type Situation = keyof typeof situations;

function start(publicityEnabled = true): Snap {
  return startSnapshot(M, { subdistrictId: 'sd-1', year: 2026, policyVersion: '2021-trial', publicityEnabled });
}
function run(snapshot: Snap, ...events: AssessmentYearEvent[]): Snap {
  for (const e of events) snapshot = applyEvent(M, snapshot, e).snapshot;
  return snapshot;
}
function reach(situation: Situation): Snap {
  return run(start(situation !== 'approved, publicity disabled'), ...situations[situation].map((t) => sample[t]));
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

const upheld: AssessmentYearEvent = { type: 'OBJECTION_ANSWERED', objectionId: 'obj-1', upheld: true };

/** Every allowed transition: [from, event, to, event payload when not the sample]. */
const transitions: [Situation, AssessmentYearEventType, AssessmentYearState, AssessmentYearEvent?][] = [
  ['opened', 'WINDOW_OPENED', 'selfAssessmentWindow'],
  ['selfAssessmentWindow', 'DEADLINE_PASSED', 'scoring'],
  ['selfAssessmentWindow', 'SCORING_STARTED', 'scoring'],
  ['scoring', 'RESULTS_COMPUTED', 'resultsComputed'],
  ['resultsComputed', 'RESULTS_COMPUTED', 'resultsComputed'],
  ['resultsComputed', 'SUBMITTED_FOR_APPROVAL', 'pendingApproval'],
  ['pendingApproval', 'APPROVED', 'approved'],
  ['pendingApproval', 'TABLE_RETURNED', 'returned'],
  ['pendingApproval', 'STATION_RETURNED', 'returned'],
  ['returned', 'SCORING_STARTED', 'scoring'],
  ['approved', 'PUBLICITY_STARTED', 'publicity'],
  ['approved, publicity disabled', 'RELEASED', 'released'],
  ['approved', 'TABLE_RETURNED', 'returned'],
  ['approved', 'STATION_RETURNED', 'returned'],
  ['publicity', 'OBJECTION_FILED', 'publicity'],
  ['publicity, objection open', 'OBJECTION_ANSWERED', 'publicity'],
  ['publicity, objection open', 'OBJECTION_ANSWERED', 'scoring', upheld],
  ['publicity', 'PUBLICITY_ENDED', 'publicity'],
  ['publicity, ended', 'RELEASED', 'released'],
  ['released', 'CLOSED', 'closed'],
];

const stateOf = (s: Situation): AssessmentYearState => s.split(',')[0] as AssessmentYearState;
const allowedIn = (state: AssessmentYearState) => [
  ...new Set(transitions.filter(([from]) => stateOf(from) === state).map(([, event]) => event)),
];

describe('assessment-year machine', () => {
  it('starts in opened with the policy version locked in context', () => {
    const s = start();
    expect(s.value).toBe('opened');
    expect(s.context).toEqual({
      subdistrictId: 'sd-1',
      year: 2026,
      policyVersion: '2021-trial',
      publicityEnabled: true,
      returns: 0,
      tableReturned: false,
      rescoreStationIds: [],
      openObjections: [],
      publicityEnded: false,
    });
    expect(reach('closed').context.policyVersion).toBe('2021-trial');
  });

  // Every row gets 4 cells: Jest would pass its `done` callback in place of a missing 4th one.
  it.each(transitions.map(([from, event, to, payload]) => [from, event, to, payload ?? null] as const))(
    '%s --%s--> %s',
    (from, event, to, payload) => {
      const result = applyEvent(M, reach(from), payload ?? sample[event]);
      expect(result.state).toBe(to);
    },
  );

  it.each(ASSESSMENT_YEAR_STATES)('allowedEvents(%s) matches the table', (state) => {
    expect([...allowedEvents(M, reach(state))].sort()).toEqual(allowedIn(state).sort());
  });

  const refusals = ASSESSMENT_YEAR_STATES.flatMap((state) =>
    ASSESSMENT_YEAR_EVENT_TYPES.filter((e) => !allowedIn(state).includes(e)).map((e) => [state, e] as const),
  );
  it.each(refusals)('in %s, %s is refused', (state, event) => {
    const err = refusal(() => applyEvent(M, reach(state), sample[event]));
    expect(err).toMatchObject({ code: 'STATE_CONFLICT', state, event, reason: undefined });
    expect([...err.allowed].sort()).toEqual(allowedIn(state).sort());
    expect(err.message).toBe(
      `event ${event} is not allowed in state "${state}"; allowed: ${err.allowed.length ? err.allowed.join(', ') : '(none)'}`,
    );
  });

  describe('computing results', () => {
    it('refuses RESULTS_COMPUTED while stations are unscored', () => {
      const scoring = reach('scoring');
      const err = refusal(() => applyEvent(M, scoring, { type: 'RESULTS_COMPUTED', unscoredStations: 2 }));
      expect(err.reason).toMatch(/unscored/);
      expect(canComputeResults(scoring, 2)).toBe(false);
      expect(canComputeResults(scoring, 0)).toBe(true);
      expect(canComputeResults(reach('selfAssessmentWindow'), 0)).toBe(false);
    });

    it('a station return is counted, remembered, and cleared by the recomputation', () => {
      let s = run(reach('pendingApproval'), sample.STATION_RETURNED);
      expect(s.context).toMatchObject({ returns: 1, lastReturnReason: '工单扣分有误', rescoreStationIds: ['st-1'] });
      s = run(s, sample.SCORING_STARTED, sample.RESULTS_COMPUTED);
      expect(s.value).toBe('resultsComputed');
      expect(s.context).toMatchObject({ returns: 1, rescoreStationIds: [], tableReturned: false });
    });

    it('refuses returns without a reason or without a station', () => {
      const pending = reach('pendingApproval');
      expect(refusal(() => applyEvent(M, pending, { type: 'TABLE_RETURNED', reason: '' })).reason).toMatch(/reason/);
      expect(() => applyEvent(M, pending, { type: 'STATION_RETURNED', stationId: '', reason: 'x' })).toThrow(
        TransitionRefusedError,
      );
    });
  });

  describe('release', () => {
    it('is refused before approval', () => {
      for (const state of ['opened', 'scoring', 'resultsComputed', 'pendingApproval', 'returned'] as const) {
        expect(canRelease(reach(state))).toBe(false);
        expect(() => applyEvent(M, reach(state), sample.RELEASED)).toThrow(TransitionRefusedError);
      }
    });

    it('goes straight from approved when publicity is disabled, and PUBLICITY_STARTED is refused', () => {
      const approved = reach('approved, publicity disabled');
      expect(canRelease(approved)).toBe(true);
      expect(refusal(() => applyEvent(M, approved, sample.PUBLICITY_STARTED)).reason).toMatch(/disabled/);
    });

    it('waits for the publicity period when publicity is enabled', () => {
      const approved = reach('approved');
      expect(canRelease(approved)).toBe(false);
      expect(refusal(() => applyEvent(M, approved, sample.RELEASED)).reason).toMatch(/publicity/);
      expect(canRelease(reach('publicity'))).toBe(false);
      expect(canRelease(reach('publicity, ended'))).toBe(true);
    });

    it('is refused while an objection is open, even after the period ended', () => {
      const s = run(reach('publicity, objection open'), sample.PUBLICITY_ENDED);
      expect(openObjections(s)).toEqual([{ objectionId: 'obj-1', stationId: 'st-2' }]);
      expect(canRelease(s)).toBe(false);
      const err = refusal(() => applyEvent(M, s, sample.RELEASED));
      expect(err.state).toBe('publicity');
      expect(err.reason).toMatch(/objection/);

      const answered = run(s, sample.OBJECTION_ANSWERED);
      expect(openObjections(answered)).toEqual([]);
      expect(canRelease(answered)).toBe(true);
      expect(run(answered, sample.RELEASED).value).toBe('released');
    });

    it('an upheld objection sends the station back to scoring, then through a new publicity period', () => {
      let s = run(reach('publicity, objection open'), upheld);
      expect(s.value).toBe('scoring');
      expect(s.context).toMatchObject({ openObjections: [], rescoreStationIds: ['st-2'] });
      s = run(s, sample.RESULTS_COMPUTED, sample.SUBMITTED_FOR_APPROVAL, sample.APPROVED, sample.PUBLICITY_STARTED);
      expect(s.context).toMatchObject({ rescoreStationIds: [], publicityEnded: false });
      expect(canRelease(s)).toBe(false);
    });

    it('refuses objections after the period and answers to unknown objections', () => {
      const ended = reach('publicity, ended');
      expect(refusal(() => applyEvent(M, ended, sample.OBJECTION_FILED)).reason).toMatch(/ended/);
      expect(refusal(() => applyEvent(M, ended, sample.PUBLICITY_ENDED)).reason).toMatch(/already ended/);
      expect(refusal(() => applyEvent(M, reach('publicity'), upheld)).reason).toMatch(/no such open objection/);
    });

    it('filing the same objection twice keeps one', () => {
      const s = run(reach('publicity, objection open'), sample.OBJECTION_FILED);
      expect(openObjections(s)).toHaveLength(1);
    });
  });

  it('has a Chinese label for every state', () => {
    expect(Object.keys(assessmentYearStateLabel).sort()).toEqual([...ASSESSMENT_YEAR_STATES].sort());
  });
});
