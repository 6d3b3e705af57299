/**
 * One station's total from its item scores and innovation recognitions, all in integer tenths.
 */
import { findItem, INNOVATION_LEVELS, type InnovationLevel, type Policy } from './policy';
import { formatTenths, parseTenths } from './tenths';

export class ScoreError extends Error {
  constructor(
    readonly code: 'UNKNOWN_ITEM' | 'OUT_OF_RANGE' | 'NOT_TENTHS' | 'MISSING_ITEMS' | 'INVALID_INPUT',
    message: string,
  ) {
    super(message);
    this.name = 'ScoreError';
  }
}

export interface Recognition {
  id: string;
  level: InnovationLevel;
  /** Verified by the coordination group (evidence checked); unverified ones never count. */
  verified: boolean;
  issuer?: string;
  date?: string;
}

export interface StationScoreInput {
  /** Item key → score in tenths. */
  items: Record<string, number>;
  recognitions: Recognition[];
}

export interface ScoreOptions {
  /** Score a missing item as 0 instead of refusing (e.g. a provisional table). Listed in missingItems. */
  allowMissingItems?: boolean;
}

export interface ItemScore {
  key: string;
  tenths: number;
  maxTenths: number;
  missing: boolean;
}

export interface PartScore {
  key: string;
  tenths: number;
  maxTenths: number;
  items: ItemScore[];
}

export interface CountedRecognition {
  id: string;
  level: InnovationLevel;
  pointsTenths: number;
  /** What counted towards the bonus; less than pointsTenths when the cap cut it. */
  countedTenths: number;
  cappedTenths: number;
}

export interface RefusedRecognition {
  id: string;
  level: string;
  reason: string;
}

export interface InnovationScore {
  capTenths: number;
  /** Sum of the verified recognitions' points before the cap. */
  rawTenths: number;
  bonusTenths: number;
  /** Recognitions that added at least something, highest points first. */
  counted: CountedRecognition[];
  /** Recognitions the cap cut in part or whole (a partly cut one is in `counted` too). */
  capped: CountedRecognition[];
  refused: RefusedRecognition[];
}

export interface StationScore {
  parts: PartScore[];
  /** Part key → tenths, for quick access (daily, special). */
  partTenths: Record<string, number>;
  innovation: InnovationScore;
  totalTenths: number;
  missingItems: string[];
}

/** Throws ScoreError unless `tenths` is an integer score in [0, max] of a known item. */
export function validateItemScore(policy: Policy, itemKey: string, tenths: number): void {
  const found = findItem(policy, itemKey);
  if (!found) throw new ScoreError('UNKNOWN_ITEM', `unknown rubric item "${itemKey}" in policy ${policy.version}`);
  if (typeof tenths !== 'number' || !Number.isSafeInteger(tenths)) {
    throw new ScoreError('NOT_TENTHS', `score of ${itemKey} must be an integer number of tenths, got ${tenths}`);
  }
  if (tenths < 0 || tenths > found.item.maxTenths) {
    throw new ScoreError(
      'OUT_OF_RANGE',
      `score of ${itemKey} must be between 0 and ${formatTenths(found.item.maxTenths)}, got ${formatTenths(tenths)}`,
    );
  }
}

/** Parse a score typed at an edge ('9.5') with the policy's decimals and check it against the item: → tenths. */
export function parseItemScore(policy: Policy, itemKey: string, input: string | number): number {
  const tenths = parseTenths(input, policy.scoreDecimals);
  validateItemScore(policy, itemKey, tenths);
  return tenths;
}

export function scoreInnovation(policy: Policy, recognitions: Recognition[]): InnovationScore {
  const { capTenths, levels } = policy.innovation;
  const refused: RefusedRecognition[] = [];
  const valid: { id: string; level: InnovationLevel; pointsTenths: number }[] = [];
  for (let i = 0; i < recognitions.length; i++) {
    const r = recognitions[i];
    // A station has a handful of recognitions: a linear look-back is cheaper than a Set per station.
    let duplicate = false;
    for (let j = 0; j < i && !duplicate; j++) duplicate = recognitions[j].id === r.id;
    if (duplicate) {
      refused.push({ id: r.id, level: r.level, reason: '重复登记的同一表彰,不重复计分' });
      continue;
    }
    if (!INNOVATION_LEVELS.includes(r.level)) {
      refused.push({ id: r.id, level: String(r.level), reason: `未知的表彰级别“${String(r.level)}”` });
    } else if (r.verified !== true) {
      refused.push({ id: r.id, level: r.level, reason: '未经核实,不计分' });
    } else {
      valid.push({ id: r.id, level: r.level, pointsTenths: levels[r.level].pointsTenths });
    }
  }
  // Highest first, then by id: the cap then cuts the smallest recognitions, deterministically.
  valid.sort((a, b) => b.pointsTenths - a.pointsTenths || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const counted: CountedRecognition[] = [];
  const capped: CountedRecognition[] = [];
  let bonus = 0;
  let raw = 0;
  for (const v of valid) {
    raw += v.pointsTenths;
    const countedTenths = Math.min(v.pointsTenths, capTenths - bonus);
    bonus += countedTenths;
    const entry = { id: v.id, level: v.level, pointsTenths: v.pointsTenths, countedTenths, cappedTenths: v.pointsTenths - countedTenths };
    if (countedTenths > 0) counted.push(entry);
    if (entry.cappedTenths > 0) capped.push(entry);
  }
  return { capTenths, rawTenths: raw, bonusTenths: bonus, counted, capped, refused };
}

export function scoreStation(policy: Policy, input: StationScoreInput, options: ScoreOptions = {}): StationScore {
  const items = input.items ?? {};
  for (const key of Object.keys(items)) validateItemScore(policy, key, items[key]);
  const missingItems: string[] = [];
  const parts: PartScore[] = policy.parts.map((part) => {
    const scored = part.items.map((item) => {
      const has = Object.prototype.hasOwnProperty.call(items, item.key);
      if (!has) missingItems.push(item.key);
      return { key: item.key, tenths: has ? items[item.key] : 0, maxTenths: item.maxTenths, missing: !has };
    });
    return { key: part.key, maxTenths: part.maxTenths, tenths: scored.reduce((s, i) => s + i.tenths, 0), items: scored };
  });
  if (missingItems.length > 0 && !options.allowMissingItems) {
    throw new ScoreError('MISSING_ITEMS', `items not scored: ${missingItems.join(', ')}`);
  }
  const innovation = scoreInnovation(policy, input.recognitions ?? []);
  const partTenths: Record<string, number> = {};
  for (const p of parts) partTenths[p.key] = p.tenths;
  const totalTenths = parts.reduce((s, p) => s + p.tenths, 0) + innovation.bonusTenths;
  return { parts, partTenths, innovation, totalTenths, missingItems };
}
