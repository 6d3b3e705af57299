/** Test helpers for the policy library (not exported from the package index). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Policy } from '../policy';
import { parsePolicy } from '../policy-schema';
import type { StaffInput, StationInput } from '../year-types';

export const POLICIES_DIR = path.resolve(__dirname, '../../../../config/policies');

export function readPolicyJson(version = '2021-trial'): any {
  return JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, `${version}.json`), 'utf8'));
}

export function loadPolicy(version = '2021-trial'): Policy {
  return parsePolicy(readPolicyJson(version));
}

/** Fill a part's items greedily so they add up to `tenths` (must fit in the part's max). */
function fillPart(policy: Policy, partKey: string, tenths: number): Record<string, number> {
  const part = policy.parts.find((p) => p.key === partKey)!;
  if (tenths < 0 || tenths > part.maxTenths) throw new Error(`${partKey} ${tenths} does not fit`);
  const out: Record<string, number> = {};
  let left = tenths;
  for (const item of part.items) {
    const v = Math.min(item.maxTenths, left);
    out[item.key] = v;
    left -= v;
  }
  return out;
}

/** Item scores with the given daily and special sums (tenths). */
export function itemsFor(policy: Policy, dailyTenths: number, specialTenths: number): Record<string, number> {
  return { ...fillPart(policy, 'daily', dailyTenths), ...fillPart(policy, 'special', specialTenths) };
}

/** Item scores for a total (tenths, ≤ 1000) split as evenly as possible between daily and special. */
export function itemsForTotal(policy: Policy, totalTenths: number): Record<string, number> {
  const special = Math.min(500, Math.ceil(totalTenths / 2));
  return itemsFor(policy, totalTenths - special, special);
}

export function station(
  policy: Policy,
  stationId: string,
  totalTenths: number,
  extra: Partial<StationInput> = {},
): StationInput {
  return {
    stationId,
    name: `站所${stationId}`,
    kind: 'regional',
    itemScores: itemsForTotal(policy, totalTenths),
    recognitions: [],
    staff: [
      { staffId: `${stationId}-h`, name: `负责人${stationId}`, role: 'head' },
      { staffId: `${stationId}-s1`, name: `工作人员${stationId}`, role: 'staff' },
    ] as StaffInput[],
    ...extra,
  };
}
