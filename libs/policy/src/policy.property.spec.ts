/** Property-based checks of the invariants the rest of the product relies on. */
import fc from 'fast-check';
import { bonusRate } from './bonus';
import { INNOVATION_LEVELS, type Policy } from './policy';
import { excellentQuota } from './ranking';
import { scoreInnovation, scoreStation } from './scoring';
import { loadPolicy } from './testing/fixtures';
import { computeYearResult } from './year-result';
import type { StationInput } from './year-types';

const policy = loadPolicy();
const items = policy.parts.flatMap((p) => p.items);

const itemScoresArb = fc.record(Object.fromEntries(items.map((i) => [i.key, fc.integer({ min: 0, max: i.maxTenths })])) as Record<string, fc.Arbitrary<number>>);
const recognitionsArb = fc.array(
  fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), level: fc.constantFrom(...INNOVATION_LEVELS), verified: fc.boolean() }),
  { maxLength: 8 },
);
const staffArb = (kind: 'independent' | 'regional') =>
  fc.array(
    fc.record({
      role: fc.constantFrom('head' as const, 'staff' as const),
      override: kind === 'independent' ? fc.option(fc.constantFrom('excellent', 'good', 'qualified', 'unqualified' as const), { nil: undefined }) : fc.constant(undefined),
    }),
    { maxLength: 5 },
  );

/** Stations with coarse totals so ties (including across the quota line) are common. */
const stationsArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom('independent' as const, 'regional' as const),
      items: fc.oneof(itemScoresArb, fc.constantFrom(...[700, 850, 900, 950].map((t) => coarse(policy, t)))),
      recognitions: recognitionsArb,
    }).chain((s) => staffArb(s.kind).map((staff) => ({ ...s, staff }))),
    { minLength: 1, maxLength: 25 },
  )
  .map((list) =>
    list.map(
      (s, i): StationInput => ({
        stationId: `st${i}`,
        name: `站${i}`,
        kind: s.kind,
        itemScores: s.items,
        recognitions: s.recognitions,
        staff: s.staff.map((p, j) => ({
          staffId: `st${i}-${j}`,
          name: `人${j}`,
          role: p.role,
          ...(p.override ? { gradeOverride: { grade: p.override, reason: '个人调整' } } : {}),
        })),
      }),
    ),
  );

function coarse(p: Policy, totalTenths: number): Record<string, number> {
  const out: Record<string, number> = {};
  let left = totalTenths;
  for (const it of p.parts.flatMap((x) => x.items)) {
    out[it.key] = Math.min(it.maxTenths, left);
    left -= out[it.key];
  }
  return out;
}

describe('policy properties', () => {
  it('a station total is always within [0, 110]', () => {
    fc.assert(
      fc.property(itemScoresArb, recognitionsArb, (items, recognitions) => {
        const s = scoreStation(policy, { items, recognitions });
        return s.totalTenths >= 0 && s.totalTenths <= 1100 && s.totalTenths <= policy.maxTotalTenths;
      }),
    );
  });

  it('the innovation bonus never exceeds 10 and equals min(verified points, 10)', () => {
    fc.assert(
      fc.property(recognitionsArb, (recognitions) => {
        const r = scoreInnovation(policy, recognitions);
        const counted = r.counted.reduce((s, c) => s + c.countedTenths, 0);
        return r.bonusTenths <= 100 && r.bonusTenths === Math.min(100, r.rawTenths) && counted === r.bonusTenths;
      }),
    );
  });

  it('the excellent quota is never exceeded, and only threshold-excellent stations are demoted', () => {
    fc.assert(
      fc.property(stationsArb, (stations) => {
        const r = computeYearResult(policy, { stations });
        const excellent = r.stations.filter((s) => s.grade === 'excellent').length;
        const eligible = r.stations.filter((s) => s.thresholdGrade === 'excellent').length;
        return (
          r.excellentQuota === excellentQuota(policy, stations.length) &&
          excellent === Math.min(eligible, r.excellentQuota) &&
          r.stations.every((s) => !s.quotaDemoted || (s.thresholdGrade === 'excellent' && s.grade === 'good'))
        );
      }),
    );
  });

  it('ranking and grading do not depend on input order', () => {
    fc.assert(
      fc.property(
        stationsArb.chain((stations) => fc.tuple(fc.constant(stations), fc.shuffledSubarray(stations, { minLength: stations.length, maxLength: stations.length }))),
        ([stations, shuffled]) => {
          const view = (list: StationInput[]) =>
            computeYearResult(policy, { stations: list }).stations.map((s) => [s.stationId, s.rank, s.position, s.grade, s.quotaDemoted, s.bonusYuan]);
          expect(view(shuffled)).toEqual(view(stations));
        },
      ),
    );
  });

  it('ranks are competition ranks: non-decreasing, shared exactly on equal totals', () => {
    fc.assert(
      fc.property(stationsArb, (stations) => {
        const r = computeYearResult(policy, { stations }).stations;
        return r.every((s, i) => {
          if (i === 0) return s.rank === 1;
          const prev = r[i - 1];
          return s.totalTenths === prev.totalTenths ? s.rank === prev.rank : s.totalTenths < prev.totalTenths && s.rank === i + 1;
        });
      }),
    );
  });

  it('the budget equals Σ persons × rate, per station and in total', () => {
    fc.assert(
      fc.property(stationsArb, (stations) => {
        const r = computeYearResult(policy, { stations });
        let total = 0;
        for (const s of r.stations) {
          const stationSum = s.staff.reduce((sum, p) => sum + bonusRate(policy, p.grade), 0);
          if (stationSum !== s.bonusYuan) return false;
          if (s.kind === 'regional' && s.staff.some((p) => p.grade !== s.grade)) return false;
          total += stationSum;
        }
        const byGrade = Object.entries(r.budget.byGrade).reduce((sum, [g, line]) => sum + line.persons * bonusRate(policy, g as never), 0);
        return r.budget.totalYuan === total && byGrade === total && Number.isInteger(total);
      }),
    );
  });
});
