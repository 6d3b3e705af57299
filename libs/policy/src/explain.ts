/**
 * A station's result explained for people (Chinese): every item with the records behind it, the innovation
 * recognitions counted/capped/refused, the rank and why the grade is what it is.
 */
import { gradeLabel, STATION_KIND_LABELS, type GradeKey, type Policy, type StationKind } from './policy';
import { tiePartKey } from './ranking';
import { formatTenths } from './tenths';
import type { StaffRole, StationResult, YearResult } from './year-types';

export interface ItemExplanation {
  partKey: string;
  partLabel: string;
  key: string;
  label: string;
  description: string;
  tenths: number;
  maxTenths: number;
  /** '9.5 / 10.0' */
  text: string;
  missing: boolean;
  /** Records and comments behind the score (deductions, work orders, complaints …). */
  notes: string[];
  /** The suggested score (建议分) from the year's records and the records behind it; null when the item has no rules. */
  suggestion: { tenths: number; text: string; records: string[] } | null;
  /** Set when the score differs from the suggestion: with the reason given, or null when none was. */
  departure: { suggestedTenths: number; reason: string | null; text: string } | null;
}

export interface RecognitionExplanation {
  id: string;
  level: string;
  levelLabel: string;
  text: string;
}

export interface StationExplanation {
  stationId: string;
  name: string;
  kind: StationKind;
  kindLabel: string;
  policyVersion: string;
  items: ItemExplanation[];
  parts: { key: string; label: string; tenths: number; maxTenths: number; text: string }[];
  innovation: {
    bonusTenths: number;
    capTenths: number;
    text: string;
    counted: RecognitionExplanation[];
    capped: RecognitionExplanation[];
    refused: RecognitionExplanation[];
  };
  totalTenths: number;
  total: string;
  rank: number;
  position: number;
  stationCount: number;
  excellentQuota: number;
  thresholdGrade: GradeKey;
  grade: GradeKey;
  gradeLabel: string;
  quotaDemoted: boolean;
  gradeReason: string;
  staff: { staffId: string; name: string; role: StaffRole; grade: GradeKey; gradeLabel: string; reason: string; bonusYuan: number }[];
  bonusYuan: number;
  /** Every score that differs from its suggestion (建议分), for the leaders. */
  departures: { itemKey: string; label: string; suggestedTenths: number; scoredTenths: number; reason: string | null; text: string }[];
  /** Staff on record differ from the headcount (编制人数). */
  staffMismatch: { headcount: number; onRecord: number; text: string } | null;
}

const ROUNDING_ZH = { floor: '向下取整', round: '四舍五入', ceil: '向上取整' } as const;

export class UnknownStationError extends Error {
  constructor(readonly stationId: string) {
    super(`station ${stationId} is not in this result`);
    this.name = 'UnknownStationError';
  }
}

export function explainStation(result: YearResult, stationId: string, itemNotes: Record<string, string[]> = {}): StationExplanation {
  const policy = result.policy;
  const s = result.stations.find((x) => x.stationId === stationId);
  if (!s) throw new UnknownStationError(stationId);

  const items: ItemExplanation[] = [];
  for (const part of policy.parts) {
    const scoredPart = s.score.parts.find((p) => p.key === part.key);
    for (const item of part.items) {
      const sc = scoredPart?.items.find((i) => i.key === item.key);
      const tenths = sc?.tenths ?? 0;
      items.push({
        partKey: part.key,
        partLabel: part.label.zh,
        key: item.key,
        label: item.label.zh,
        description: item.description,
        tenths,
        maxTenths: item.maxTenths,
        text: `${formatTenths(tenths)} / ${formatTenths(item.maxTenths)}`,
        missing: sc?.missing ?? true,
        notes: [...(s.itemNotes[item.key] ?? []), ...(itemNotes[item.key] ?? [])],
        suggestion: suggestionOf(s, item.key),
        departure: departureOf(s, item.key),
      });
    }
  }
  const parts = policy.parts.map((part) => {
    const tenths = s.score.partTenths[part.key] ?? 0;
    return { key: part.key, label: part.label.zh, tenths, maxTenths: part.maxTenths, text: `${part.label.zh}${formatTenths(tenths)}分(满分${formatTenths(part.maxTenths)}分)` };
  });

  const inn = s.score.innovation;
  const lvl = (level: string) => policy.innovation.levels[level as keyof Policy['innovation']['levels']]?.label.zh ?? level;
  const innovation = {
    bonusTenths: inn.bonusTenths,
    capTenths: inn.capTenths,
    text:
      inn.rawTenths > inn.capTenths
        ? `创新工作附加:核实表彰合计${formatTenths(inn.rawTenths)}分,超过上限${formatTenths(inn.capTenths)}分,按${formatTenths(inn.bonusTenths)}分计`
        : `创新工作附加${formatTenths(inn.bonusTenths)}分(上限${formatTenths(inn.capTenths)}分)`,
    counted: inn.counted.map((r) => ({
      id: r.id,
      level: r.level,
      levelLabel: lvl(r.level),
      text:
        r.cappedTenths > 0
          ? `${lvl(r.level)}表彰${r.id}:${formatTenths(r.pointsTenths)}分,因上限仅计${formatTenths(r.countedTenths)}分`
          : `${lvl(r.level)}表彰${r.id}:计${formatTenths(r.countedTenths)}分`,
    })),
    capped: inn.capped.map((r) => ({
      id: r.id,
      level: r.level,
      levelLabel: lvl(r.level),
      text: `${lvl(r.level)}表彰${r.id}:${formatTenths(r.pointsTenths)}分中${formatTenths(r.cappedTenths)}分超过${formatTenths(inn.capTenths)}分上限,不计`,
    })),
    refused: inn.refused.map((r) => ({ id: r.id, level: r.level, levelLabel: lvl(r.level), text: `${lvl(r.level)}表彰${r.id}:${r.reason}` })),
  };

  return {
    stationId: s.stationId,
    name: s.name,
    kind: s.kind,
    kindLabel: STATION_KIND_LABELS[s.kind],
    policyVersion: result.policyVersion,
    items,
    parts,
    innovation,
    totalTenths: s.totalTenths,
    total: formatTenths(s.totalTenths),
    rank: s.rank,
    position: s.position,
    stationCount: result.stationCount,
    excellentQuota: result.excellentQuota,
    thresholdGrade: s.thresholdGrade,
    grade: s.grade,
    gradeLabel: gradeLabel(policy, s.grade),
    quotaDemoted: s.quotaDemoted,
    gradeReason: gradeReason(result, s),
    staff: s.staff.map((p) => ({
      staffId: p.staffId,
      name: p.name,
      role: p.role,
      grade: p.grade,
      gradeLabel: gradeLabel(policy, p.grade),
      reason:
        s.kind === 'regional'
          ? `按区域设置派驻站所,工作人员按站所等次${gradeLabel(policy, s.grade)}计发奖金${p.bonusYuan}元`
          : p.overrideLimitedFrom
            ? `个人考核等次申请调整为${gradeLabel(policy, p.overrideLimitedFrom)}(理由:${p.overrideReason}),超过与站所等次相差${policy.persons.maxGradeSteps}个等次的限制,按${gradeLabel(policy, p.grade)}确定,奖金${p.bonusYuan}元`
          : p.overridden
            ? `个人考核等次经调整为${gradeLabel(policy, p.grade)}(理由:${p.overrideReason}),奖金${p.bonusYuan}元`
            : `个人考核等次按站所结果确定为${gradeLabel(policy, p.grade)},奖金${p.bonusYuan}元`,
      bonusYuan: p.bonusYuan,
    })),
    bonusYuan: s.bonusYuan,
    departures: s.departures.map((d) => ({ ...d })),
    staffMismatch: s.staffMismatch && {
      ...s.staffMismatch,
      text: `在册工作人员${s.staffMismatch.onRecord}人,与编制人数${s.staffMismatch.headcount}人不一致,请在审定前核实`,
    },
  };
}

function suggestionOf(s: StationResult, itemKey: string): ItemExplanation['suggestion'] {
  const sg = s.suggestions[itemKey];
  return sg ? { tenths: sg.tenths, text: sg.text, records: sg.lines.map((l) => l.text) } : null;
}

function departureOf(s: StationResult, itemKey: string): ItemExplanation['departure'] {
  const d = s.departures.find((x) => x.itemKey === itemKey);
  return d ? { suggestedTenths: d.suggestedTenths, reason: d.reason, text: d.text } : null;
}

function gradeReason(result: YearResult, s: StationResult): string {
  const policy = result.policy;
  const total = `总分${formatTenths(s.totalTenths)}分`;
  const rule = policy.grades.find((g) => g.key === s.thresholdGrade)!;
  const idx = policy.grades.indexOf(rule);
  const higher = idx > 0 ? policy.grades[idx - 1] : undefined;
  const place = `${s.tieBreak || hasTieAfter(result, s) ? '并列' : ''}排名第${s.rank}(共${result.stationCount}个站所)`;
  const { percent, rounding, minimum } = policy.excellentQuota;
  const quotaText = `优秀名额${result.excellentQuota}个(${result.stationCount}个站所×${percent}%,${ROUNDING_ZH[rounding]},至少${minimum}个)`;

  if (s.quotaDemoted) {
    const last = result.stations[result.excellentQuota - 1];
    let tie = '';
    if (last && last.totalTenths === s.totalTenths) {
      const part = tiePartKey(policy);
      const partLabel = policy.parts.find((p) => p.key === part)?.label.zh ?? part;
      const mine = s.score.partTenths[part] ?? 0;
      const theirs = last.score.partTenths[part] ?? 0;
      tie =
        mine === theirs
          ? `与名额内最后一位“${last.name}”总分相同,${partLabel}得分也相同(${formatTenths(mine)}分),按站所编号排序(${last.stationId}在前)排在其后;`
          : `与名额内最后一位“${last.name}”总分相同,按并列规则比较${partLabel}得分(${formatTenths(mine)}分,低于${formatTenths(theirs)}分)排在其后;`;
    }
    return `${total},达到优秀分数线(≥${rule.min}分),${place},按排序位列第${s.position}位,${tie}超出${quotaText},按名额调整为${gradeLabel(policy, s.grade)}。`;
  }
  if (s.thresholdGrade === 'excellent') {
    return `${total},达到优秀标准(≥${rule.min}分),${place},在${quotaText}之内,评为优秀。`;
  }
  if (s.thresholdGrade === 'unqualified') {
    return `${total},低于${higher ? `${higher.label.zh}标准(${higher.min}分)` : '合格标准'},${place},评为${rule.label.zh}。`;
  }
  return `${total},达到${rule.label.zh}标准(≥${rule.min}分),未达到${higher!.label.zh}标准(${higher!.min}分),${place},评为${rule.label.zh}。`;
}

function hasTieAfter(result: YearResult, s: StationResult): boolean {
  const next = result.stations[s.position]; // position is 1-based, so this is the following station
  return !!next && next.totalTenths === s.totalTenths;
}
