// Chinese labels for the domain keys of docs/CONVENTIONS.md, and date formatting for people.
// Inputs may carry either the key ('excellent', 'independent') or the label itself ('优秀', '独立派驻').

import { GRADE_LABELS, STATION_KIND_LABELS } from '@app/policy';
import { DEFAULT_TIME_ZONE } from '@app/calendar';

export type GradeKey = 'excellent' | 'good' | 'qualified' | 'unqualified';
export type GradeLabel = '优秀' | '良好' | '合格' | '不合格';
export type StationKindKey = 'independent' | 'regional';
export type StationKindLabel = '独立派驻' | '按区域设置派驻';

/** 'excellent' → 优秀; a label or any other text is shown as given. */
export function gradeLabel(grade: string): string {
  return (GRADE_LABELS as Record<string, string>)[grade] ?? grade;
}

/** 'regional' → 按区域设置派驻; a label or any other text is shown as given. */
export function stationKindLabel(kind: string): string {
  return (STATION_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

export { DEFAULT_TIME_ZONE };

function zonedParts(instant: Date, timeZone: string): Record<string, string> {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  return Object.fromEntries(parts.map((p) => [p.type, p.value]));
}

/** A calendar date 'YYYY-MM-DD' is shown as given; an instant as its date in `timeZone`. */
export function formatDate(value: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  if (typeof value === 'string') return value;
  const p = zonedParts(value, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** An instant as 'YYYY-MM-DD HH:mm' in `timeZone`; a string is shown as given. */
export function formatDateTime(value: Date | string, timeZone = DEFAULT_TIME_ZONE): string {
  if (typeof value === 'string') return value;
  const p = zonedParts(value, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The year title suffix used by every form: （2026年度） */
export function yearTitle(year: number): string {
  return `（${year}年度）`;
}
