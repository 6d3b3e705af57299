/**
 * The machines' states as the rest of the code needs them: named sets, typed by the machines' own state lists, so
 * that renaming or removing a state breaks the build here instead of silently emptying a query. The sweep, the
 * delivery, the board and the handlers take these (SQL as a parameter: `state = ANY($n)`), never string literals.
 */
import type { AssessmentYearState } from './assessment-year.machine';
import type { StationYearState } from './station-year.machine';

const stationStates = <const T extends readonly StationYearState[]>(...states: T): T => states;
const yearStates = <const T extends readonly AssessmentYearState[]>(...states: T): T => states;

/** States of one station's year, by what they mean to the rest of the product. */
export const STATION_STATES = {
  /** Before the self-assessment window. */
  recording: stationStates('recording'),
  /** The window is open and nothing is submitted: window-open notice and December reminders are due. */
  selfAssessmentOpen: stationStates('selfAssessmentOpen'),
  /** Missed the deadline without an extension: the overdue notice is due. */
  overdue: stationStates('overdue'),
  /** Granted more time. */
  extended: stationStates('extended'),
  /** On the late list of 1 January: overdue, or extended (not yet submitted). */
  late: stationStates('overdue', 'extended'),
  /** Submitted (on time or late): the self-assessment is in. */
  submitted: stationStates('submitted', 'submittedLate'),
  submittedLate: stationStates('submittedLate'),
  /** Owes its self-assessment. */
  awaitingSubmission: stationStates('selfAssessmentOpen', 'overdue', 'extended'),
  /** Whose deadline the sweep must pass (the extended ones only once their extension lapsed). */
  deadlineDue: stationStates('selfAssessmentOpen', 'extended'),
  /** May be scored: submitted, or overdue (scored from its records). */
  readyForScoring: stationStates('submitted', 'submittedLate', 'overdue'),
  underScoring: stationStates('underScoring'),
  /** From scoring on: a self-assessment not in by now counts as overdue. */
  scoringOrLater: stationStates('underScoring', 'scored', 'resultApproved', 'released', 'notified', 'closed'),
  /** Scored, approved or not yet: what results are computed from and what the leaders may return. */
  scored: stationStates('scored', 'resultApproved'),
  scoredOnly: stationStates('scored'),
  resultApproved: stationStates('resultApproved'),
  /** The score is fixed: recognitions can no longer change it. */
  fixed: stationStates('scored', 'resultApproved', 'released', 'notified', 'closed'),
  /** The result is approved or further: grades can no longer change. */
  approvedOrLater: stationStates('resultApproved', 'released', 'notified', 'closed'),
  /** Released: the station may read its result. */
  released: stationStates('released', 'notified', 'closed'),
  /** Released, 抄告 not yet all delivered. */
  awaitingNotices: stationStates('released'),
  /** The year is archived: no more reminders of any kind. */
  closed: stationStates('closed'),
} as const;

/** States of a subdistrict's year. */
export const YEAR_STATES = {
  opened: yearStates('opened'),
  selfAssessmentWindow: yearStates('selfAssessmentWindow'),
  /** Where computing results starts scoring first. */
  beforeScoring: yearStates('selfAssessmentWindow', 'returned'),
  /** Grades may still be adjusted. */
  openForGrades: yearStates('opened', 'selfAssessmentWindow', 'scoring', 'returned', 'resultsComputed'),
  publicity: yearStates('publicity'),
  /** Nothing left for the sweep: released or closed. */
  finished: yearStates('released', 'closed'),
} as const;

/** Whether `state` is one of `set` (a typed `includes` for a state read from a row). */
export function inStates<S extends string>(set: readonly S[], state: string | null | undefined): state is S {
  return state != null && (set as readonly string[]).includes(state);
}

/** The sets as plain arrays for a SQL parameter (`state = ANY($n::text[])`). */
export const sqlStates = (set: readonly string[]): string[] => [...set];
