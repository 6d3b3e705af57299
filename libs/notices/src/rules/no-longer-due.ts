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

/** Why a delivery of `kind` is no longer due (null: still due, or a kind that never lapses). */
export function noLongerDue(kind: string, facts: NoticeFacts): string | null {
  const rule = (STILL_DUE as Record<string, { inStates?: readonly string[]; notInStates?: readonly string[]; monthMissing?: true }>)[kind];
  if (!rule) return null;
  if (rule.inStates && !inStates(rule.inStates, facts.state)) return `no longer due: the station is ${facts.state ?? 'unknown'}`;
  if (rule.notInStates && inStates(rule.notInStates, facts.state)) return `no longer due: the station is ${facts.state}`;
  if (rule.monthMissing && facts.monthRecorded) return 'no longer due: the month is recorded';
  return null;
}
