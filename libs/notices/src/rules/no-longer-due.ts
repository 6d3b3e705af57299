/**
 * The one rule for "no longer due": a reminder whose reason has gone (the station submitted, the month was
 * recorded) is cancelled instead of sent. The sweep picks its audiences from the same table (STILL_DUE), so what
 * is created and what is still delivered never disagree.
 */
import { inStates, STATION_STATES } from '@app/assessment/domain';
import { NOTICE_KINDS } from '../delivery/notice-kinds';
import type { StationAudience } from '../store/notice-drafts';

/** What the rule looks at, read with each claimed delivery. */
export interface NoticeFacts {
  /** The station-year's machine state (null: no station-year). */
  state: string | null;
  /** For a monthly record reminder: whether that month's record (special part) exists now. */
  monthRecorded: boolean;
}

/** Per kind: the audience (states, a missing month) to which the notice is due, and when a delivery is still due. */
export const STILL_DUE = {
  [NOTICE_KINDS.windowOpen]: { inStates: STATION_STATES.selfAssessmentOpen },
  [NOTICE_KINDS.selfAssessmentReminder]: { inStates: STATION_STATES.selfAssessmentOpen },
  [NOTICE_KINDS.overdueNotice]: { inStates: STATION_STATES.overdue },
  [NOTICE_KINDS.monthlyRecordReminder]: { notInStates: STATION_STATES.closed, monthMissing: true },
} as const satisfies Record<string, Pick<StationAudience, 'inStates' | 'notInStates'> & { monthMissing?: true }>;

type StillDue = { inStates?: readonly string[]; notInStates?: readonly string[]; monthMissing?: true };
/** The reasons given, by TypeScript and by SQL alike. */
export const LAPSED = { stationIs: 'no longer due: the station is ', monthRecorded: 'no longer due: the month is recorded', unknownState: 'unknown' } as const;

/** Why a delivery of `kind` is no longer due (null: still due, or a kind that never lapses). */
export function noLongerDue(kind: string, facts: NoticeFacts): string | null {
  const rule = (STILL_DUE as Record<string, StillDue>)[kind];
  if (!rule) return null;
  if (rule.inStates && !inStates(rule.inStates, facts.state)) return `${LAPSED.stationIs}${facts.state ?? LAPSED.unknownState}`;
  if (rule.notInStates && inStates(rule.notInStates, facts.state)) return `${LAPSED.stationIs}${facts.state}`;
  if (rule.monthMissing && facts.monthRecorded) return LAPSED.monthRecorded;
  return null;
}

/**
 * The same rule for a set-based statement: STILL_DUE as rows (kind, in_states, not_in_states, month_missing) for
 * `jsonb_to_recordset`, and the SQL expression that gives the reason (NULL: still due) from a joined rule `r`, the
 * station-year's state and whether the month is recorded. A test holds both evaluations equal for every kind, state
 * and month fact.
 */
export function stillDueRows(): { kind: string; in_states: string[] | null; not_in_states: string[] | null; month_missing: boolean }[] {
  return Object.entries(STILL_DUE as Record<string, StillDue>).map(([kind, r]) => ({
    kind, in_states: r.inStates ? [...r.inStates] : null, not_in_states: r.notInStates ? [...r.notInStates] : null, month_missing: r.monthMissing === true,
  }));
}

export function noLongerDueSql(r: string, state: string, monthRecorded: string): string {
  const text = (s: string) => `'${s.replace(/'/g, "''")}'`;
  return `CASE WHEN ${r}.kind IS NULL THEN NULL
    WHEN ${r}.in_states IS NOT NULL AND NOT coalesce(${state} = ANY (${r}.in_states), false) THEN ${text(LAPSED.stationIs)} || coalesce(${state}, ${text(LAPSED.unknownState)})
    WHEN ${r}.not_in_states IS NOT NULL AND coalesce(${state} = ANY (${r}.not_in_states), false) THEN ${text(LAPSED.stationIs)} || ${state}
    WHEN ${r}.month_missing AND ${monthRecorded} THEN ${text(LAPSED.monthRecorded)} END`;
}
