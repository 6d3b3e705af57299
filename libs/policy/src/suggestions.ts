/**
 * Suggested scores (建议分): each item's maximum minus the deductions its rules (policy.suggestions) find in the
 * year's monthly records, floor 0, in integer tenths. The lines say which records took off what, in Chinese, so
 * the scorer (测评表) and the leaders (explanation) see why.
 */
import { findItem, type Policy } from './policy';
import { MEASURE_LABELS, measureCount, type CountedMeasure, type MonthRecords, type RecordMeasure } from './records';
import { formatTenths } from './tenths';

export interface SuggestionLine {
  measure: RecordMeasure;
  label: string;
  /** Cases counted (recorded deductions: 1 per deduction). */
  count: number;
  /** Null for recorded deductions, which carry their own points. */
  pointsEachTenths: number | null;
  deductionTenths: number;
  /** Months with cases, ascending. */
  months: number[];
  text: string;
}

export interface ItemSuggestion {
  itemKey: string;
  label: string;
  maxTenths: number;
  /** Suggested score: max − deductions, never below 0. */
  tenths: number;
  /** Sum of the deductions before the floor. */
  deductionTenths: number;
  /** Only lines that deducted something. */
  lines: SuggestionLine[];
  text: string;
}

const zhMonths = (months: number[]) => months.map((m) => `${m}月`).join('、');

/** The suggestion of one item, or null when the policy has no rules for it. */
export function suggestItem(policy: Policy, itemKey: string, records: readonly MonthRecords[]): ItemSuggestion | null {
  const rules = policy.suggestions.items[itemKey];
  const found = findItem(policy, itemKey);
  if (!rules || !found) return null;
  const months = [...records].sort((a, b) => a.month - b.month);
  const lines: SuggestionLine[] = [];
  for (const rule of rules) {
    if (rule.measure === 'recordedDeductions') {
      for (const m of months) {
        for (const d of m.daily?.deductions ?? []) {
          if (d.itemKey !== itemKey) continue;
          const tenths = Math.round(d.points * 10);
          if (tenths <= 0) continue;
          lines.push({
            measure: rule.measure, label: MEASURE_LABELS[rule.measure], count: 1, pointsEachTenths: null, deductionTenths: tenths,
            months: [m.month], text: `${m.month}月：${d.reason}（依据：${d.evidence}），扣${formatTenths(tenths)}分`,
          });
        }
      }
      continue;
    }
    const measure = rule.measure as CountedMeasure;
    let count = 0;
    const withCases: number[] = [];
    for (const m of months) {
      if (!m.special) continue;
      const c = measureCount(measure, m.special);
      if (c > 0) {
        count += c;
        withCases.push(m.month);
      }
    }
    if (count === 0) continue;
    const each = rule.pointsEachTenths!;
    const deductionTenths = count * each;
    lines.push({
      measure, label: MEASURE_LABELS[measure], count, pointsEachTenths: each, deductionTenths, months: withCases,
      text: `${MEASURE_LABELS[measure]}${count}次（${zhMonths(withCases)}），每次扣${formatTenths(each)}分，共扣${formatTenths(deductionTenths)}分`,
    });
  }
  const maxTenths = found.item.maxTenths;
  const deductionTenths = lines.reduce((s, l) => s + l.deductionTenths, 0);
  const tenths = Math.max(0, maxTenths - deductionTenths);
  const text = lines.length === 0
    ? `平时记录无扣分情形，建议${formatTenths(tenths)}分`
    : `满分${formatTenths(maxTenths)}分，平时记录扣${formatTenths(deductionTenths)}分${tenths === 0 && deductionTenths > maxTenths ? '（扣至0分为止）' : ''}，建议${formatTenths(tenths)}分`;
  return { itemKey, label: found.item.label.zh, maxTenths, tenths, deductionTenths, lines, text };
}

/** Suggestions for every item that has rules, keyed by item. */
export function suggestScores(policy: Policy, records: readonly MonthRecords[]): Record<string, ItemSuggestion> {
  const out: Record<string, ItemSuggestion> = {};
  for (const part of policy.parts) {
    for (const item of part.items) {
      const s = suggestItem(policy, item.key, records);
      if (s) out[item.key] = s;
    }
  }
  return out;
}

/** A score that differs from its suggestion (建议分). `reason` is null when none was given. */
export interface Departure {
  itemKey: string;
  label: string;
  suggestedTenths: number;
  scoredTenths: number;
  reason: string | null;
  text: string;
}

/**
 * Every item whose score differs from its suggestion. A reason counts only if it was given against the same
 * suggestion (`reasons[item].suggestedTenths`): when records changed the suggestion since, the score must be
 * looked at again.
 */
export function findDepartures(
  suggestions: Record<string, ItemSuggestion>,
  scores: Record<string, number>,
  reasons: Record<string, { reason: string | null; suggestedTenths: number | null }> = {},
): Departure[] {
  const out: Departure[] = [];
  for (const [itemKey, s] of Object.entries(suggestions)) {
    const scored = scores[itemKey];
    if (scored === undefined || scored === s.tenths) continue;
    const r = reasons[itemKey];
    const reason = r && r.reason?.trim() && r.suggestedTenths === s.tenths ? r.reason : null;
    out.push({
      itemKey, label: s.label, suggestedTenths: s.tenths, scoredTenths: scored, reason,
      text: `${s.label}：建议分${formatTenths(s.tenths)}分，评定${formatTenths(scored)}分${reason ? `（理由：${reason}）` : '（未说明理由）'}`,
    });
  }
  return out;
}
