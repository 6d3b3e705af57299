import * as path from 'node:path';
import { inStates, STATION_STATES } from '@app/assessment/domain';
import { loadPolicyRegistry } from '@app/policy';
import { selfAssessmentStatus } from './board-status';
import { boardContext } from './board.query';
import { addOverviewFigures, EMPTY_OVERVIEW_FIGURES, OverviewCounters, overviewFigures } from './overview-figures';

const policy = loadPolicyRegistry(path.resolve(__dirname, '../../../../config/policies')).get('2021-trial');
const TZ = 'Asia/Shanghai';
const YEAR = 2026;

interface Station {
  state: string;
  late: boolean;
  submittedAt: Date | null;
  extendedUntil: Date | null;
  draftStatus: 'draft' | 'submitted' | null;
  mask: number;
  items: number;
  notices: [number, number, number];
}

/** A small deterministic generator (the same stations every run). */
function stations(count: number, seed = 7): Station[] {
  let x = seed;
  const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n);
  const states = ['recording', 'selfAssessmentOpen', 'submitted', 'submittedLate', 'overdue', 'extended', 'underScoring', 'scored', 'released'];
  return Array.from({ length: count }, () => {
    const state = states[rnd(states.length)];
    return {
      state,
      late: rnd(5) === 0,
      submittedAt: rnd(4) === 0 ? new Date('2026-12-20T10:00:00+08:00') : null,
      extendedUntil: rnd(3) === 0 ? new Date(Date.parse('2027-01-03T00:00:00+08:00') + rnd(10) * 86_400_000) : null,
      draftStatus: (['draft', 'submitted', null] as const)[rnd(3)],
      mask: rnd(4) === 0 ? 0b1111111111110 : rnd(1 << 13) & ~1,
      items: rnd(8),
      notices: [rnd(3), rnd(2), rnd(2)],
    };
  });
}

/** The counters as the read model's triggers keep them (board_overview_sa_class and the bit counts). */
function countersOf(list: Station[]): OverviewCounters {
  const c: OverviewCounters & Record<string, any> = {
    stations: list.length, saSubmitted: 0, saSubmittedLate: 0, saOverdue: 0, saPendingDraft: 0, saPending: 0, extendedUntil: [],
    monthsCovered: Array(12).fill(0), monthsThrough: Array(12).fill(0), itemsHist: [], noticesTotal: 0, noticesDelivered: 0, noticesFailed: 0,
  };
  for (const s of list) {
    if (s.submittedAt || s.draftStatus === 'submitted' || inStates(STATION_STATES.submitted, s.state)) {
      if (s.late || inStates(STATION_STATES.submittedLate, s.state)) c.saSubmittedLate++;
      else c.saSubmitted++;
    } else if (inStates(STATION_STATES.extended, s.state) && s.extendedUntil) (c.extendedUntil as Date[]).push(s.extendedUntil);
    else if (inStates(STATION_STATES.late, s.state) || s.late || inStates(STATION_STATES.scoringOrLater, s.state)) c.saOverdue++;
    else if (s.draftStatus === 'draft') c.saPendingDraft++;
    else c.saPending++;
    for (let m = 1; m <= 12; m++) {
      if (s.mask & (1 << m)) (c.monthsCovered as number[])[m - 1]++;
      const t = (1 << (m + 1)) - 2;
      if ((s.mask & t) === t) (c.monthsThrough as number[])[m - 1]++;
    }
    const h = c.itemsHist as number[];
    h[s.items] = (h[s.items] ?? 0) + 1;
    c.noticesTotal += s.notices[0];
    c.noticesDelivered += s.notices[1];
    c.noticesFailed += s.notices[2];
  }
  return c;
}

/** The late board's totals for the same stations, station by station (board-status.ts, boardTotals' rules). */
function boardWay(list: Station[], now: Date) {
  const ctx = boardContext(YEAR, policy, TZ, now);
  const sa = list.map((s) => selfAssessmentStatus(s, now, ctx.deadline).status);
  const count = (f: (i: number) => boolean) => list.filter((_, i) => f(i)).length;
  const missing = list.map((s) => ctx.missingDaysLate.filter((d, i) => d !== null && !(s.mask & (1 << (i + 1)))).length);
  return {
    stations: list.length,
    selfAssessment: {
      submitted: count((i) => sa[i] === 'submitted' || sa[i] === 'submitted_late'), submittedLate: count((i) => sa[i] === 'submitted_late'),
      notSubmitted: count((i) => sa[i] !== 'submitted' && sa[i] !== 'submitted_late'), overdue: count((i) => sa[i] === 'overdue'),
      extended: count((i) => sa[i] === 'extended'), draft: count((i) => sa[i] === 'draft'), notStarted: count((i) => sa[i] === 'not_started'),
    },
    months: { due: ctx.due, upToDate: count((i) => missing[i] === 0), withMissing: count((i) => missing[i] > 0), missingMonths: missing.reduce((a, b) => a + b, 0) },
    scoring: {
      complete: count((i) => list[i].items >= ctx.itemCount), inProgress: count((i) => list[i].items > 0 && list[i].items < ctx.itemCount),
      notStarted: count((i) => list[i].items === 0),
    },
    notices: { total: list.reduce((t, s) => t + s.notices[0], 0), delivered: list.reduce((t, s) => t + s.notices[1], 0), failed: list.reduce((t, s) => t + s.notices[2], 0) },
  };
}

// the instants where something turns: before the first month is due, month ends, the deadline, extension ends
const NOWS = [
  '2026-01-20T10:00:00+08:00', '2026-02-05T23:59:59.999+08:00', '2026-02-06T00:00:00+08:00', '2026-07-20T10:00:00+08:00',
  '2026-12-20T10:00:00+08:00', '2026-12-31T23:59:59.999+08:00', '2027-01-01T00:00:00+08:00', '2027-01-05T00:00:00+08:00',
  '2027-01-05T00:00:00.001+08:00', '2027-01-20T10:00:00+08:00',
].map((s) => new Date(s));

describe('overviewFigures', () => {
  const list = stations(400);
  const counters = countersOf(list);

  it.each(NOWS.map((d) => [d.toISOString(), d]))('equals the late board’s totals station by station at %s', (_, now) => {
    expect(overviewFigures(counters, boardContext(YEAR, policy, TZ, now))).toEqual(boardWay(list, now));
  });

  it('adds up: the figures of two halves are those of the whole', () => {
    const now = NOWS[7];
    const ctx = boardContext(YEAR, policy, TZ, now);
    const halves = [list.slice(0, 123), list.slice(123)].map((l) => overviewFigures(countersOf(l), ctx));
    expect(addOverviewFigures(addOverviewFigures(EMPTY_OVERVIEW_FIGURES, halves[0]), halves[1])).toEqual(overviewFigures(counters, ctx));
  });

  it('an extension counts as extended up to its end instant inclusive, overdue after', () => {
    const until = new Date('2027-01-10T00:00:00+08:00');
    const c = countersOf([{ state: 'extended', late: true, submittedAt: null, extendedUntil: until, draftStatus: null, mask: 0, items: 0, notices: [0, 0, 0] }]);
    const at = (ms: number) => overviewFigures(c, boardContext(YEAR, policy, TZ, new Date(ms))).selfAssessment;
    expect(at(until.getTime())).toMatchObject({ extended: 1, overdue: 0, notSubmitted: 1 });
    expect(at(until.getTime() + 1)).toMatchObject({ extended: 0, overdue: 1, notSubmitted: 1 });
  });

  it('refuses a schedule whose due months are not a prefix (figures could not be exact)', () => {
    const now = NOWS[3];
    const ctx = boardContext(YEAR, policy, TZ, now);
    const dueAt = [...ctx.dueAt];
    [dueAt[0], dueAt[11]] = [dueAt[11], dueAt[0]];
    expect(() => overviewFigures(counters, { ...ctx, dueAt })).toThrow(/not months 1/);
  });
});
