/**
 * Hand-written validation of a policy file. Every problem is collected (not just the first) with a path such
 * as `parts[1].items[0].max`, so an admin fixes a rubric in one pass. Unknown keys are refused: a typo like
 * `"excelentQuota"` must not silently fall back to nothing.
 */
import {
  GRADE_KEYS,
  INNOVATION_LEVELS,
  NON_WORKING_DAY_RULES,
  QUOTA_ROUNDINGS,
  SCORERS,
  TIE_RULES,
  type GradeRule,
  type InnovationLevel,
  type InnovationLevelRule,
  type LocalizedText,
  type Policy,
  type RubricItem,
  type RubricPart,
} from './policy';
import { pointsToTenths } from './tenths';

export interface PolicyProblem {
  path: string;
  problem: string;
}

export class PolicyValidationError extends Error {
  constructor(
    readonly problems: PolicyProblem[],
    readonly source?: string,
  ) {
    super(
      `invalid policy${source ? ` in ${source}` : ''}: ` + problems.map((p) => `${p.path || '(root)'}: ${p.problem}`).join('; '),
    );
    this.name = 'PolicyValidationError';
  }
}

type Obj = Record<string, unknown>;

class Checker {
  readonly problems: PolicyProblem[] = [];

  fail(path: string, problem: string): undefined {
    this.problems.push({ path, problem });
    return undefined;
  }

  /** An object with exactly these keys (optional ones may be absent); reports missing and unknown keys. */
  object(path: string, value: unknown, required: readonly string[], optional: readonly string[] = []): Obj | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(path, 'must be an object');
    const obj = value as Obj;
    for (const k of required) if (!(k in obj)) this.fail(join(path, k), 'is required');
    for (const k of Object.keys(obj)) {
      if (!required.includes(k) && !optional.includes(k)) this.fail(join(path, k), 'is not a known key');
    }
    return obj;
  }

  string(path: string, value: unknown, pattern?: RegExp, what?: string): string | undefined {
    if (value === undefined) return undefined; // reported as missing by object()
    if (typeof value !== 'string' || value.trim() === '') return this.fail(path, 'must be a non-empty string');
    if (pattern && !pattern.test(value)) return this.fail(path, `must be ${what ?? `like ${pattern}`}, got "${value}"`);
    return value;
  }

  oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !allowed.includes(value as T)) {
      return this.fail(path, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
    }
    return value as T;
  }

  boolean(path: string, value: unknown): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') return this.fail(path, 'must be true or false');
    return value;
  }

  /** Whole number in [min, max]. */
  int(path: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) return this.fail(path, 'must be a whole number');
    if (value < min || value > max) return this.fail(path, `must be between ${min} and ${max}, got ${value}`);
    return value;
  }

  /** Points with at most one decimal (so they convert to tenths exactly), in [min, ∞) or (0, ∞). */
  points(path: string, value: unknown, opts: { positive?: boolean; decimals?: number } = {}): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.fail(path, 'must be a number');
    const decimals = opts.decimals ?? 1;
    const scaled = value * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) > 1e-9) return this.fail(path, `must have at most ${decimals} decimal place`);
    if (opts.positive ? value <= 0 : value < 0) return this.fail(path, opts.positive ? 'must be positive' : 'must not be negative');
    return value;
  }

  label(path: string, value: unknown): LocalizedText | undefined {
    const o = this.object(path, value, ['zh', 'en']);
    if (!o) return undefined;
    const zh = this.string(join(path, 'zh'), o.zh);
    const en = this.string(join(path, 'en'), o.en);
    return zh && en ? { zh, en } : undefined;
  }

  array(path: string, value: unknown, nonEmpty = true): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.fail(path, 'must be an array');
    if (nonEmpty && value.length === 0) return this.fail(path, 'must not be empty');
    return value;
  }
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MM_DD = /^(\d{2})-(\d{2})$/;
const PLACEHOLDERS = ['abbr', 'year', 'n'];

/** Day of a leap year (1–366) for 'MM-DD', or undefined when not a real date. */
function dayOfYear(md: string): number | undefined {
  const m = MM_DD.exec(md);
  if (!m) return undefined;
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > DAYS_IN_MONTH[month - 1]) return undefined;
  return DAYS_IN_MONTH.slice(0, month - 1).reduce((a, b) => a + b, 0) + day;
}

function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

const ROOT_KEYS = [
  'version', 'title', 'effectiveFrom', 'scoreDecimals', 'parts', 'innovation', 'grades', 'excellentQuota',
  'tieRule', 'bonusPerPerson', 'awards', 'schedule', 'publicity', 'notices',
] as const;

/** Validate a parsed JSON policy file and return the typed Policy, or throw PolicyValidationError. */
export function parsePolicy(json: unknown, source?: string): Policy {
  const c = new Checker();
  const root = c.object('', json, ROOT_KEYS);
  if (!root) throw new PolicyValidationError(c.problems, source);

  const version = c.string('version', root.version, VERSION, 'letters, digits, ".", "_" or "-"');
  const title = c.label('title', root.title);
  let effectiveFrom = c.string('effectiveFrom', root.effectiveFrom);
  if (effectiveFrom && !isIsoDate(effectiveFrom)) effectiveFrom = c.fail('effectiveFrom', `must be a date YYYY-MM-DD, got "${effectiveFrom}"`);
  const scoreDecimals = c.int('scoreDecimals', root.scoreDecimals, 0, 1) as 0 | 1 | undefined;
  const decimals = scoreDecimals ?? 1;

  const parts = checkParts(c, root.parts, decimals);
  const innovation = checkInnovation(c, root.innovation, decimals);
  const grades = checkGrades(c, root.grades, decimals);

  const q = c.object('excellentQuota', root.excellentQuota, ['percent', 'rounding', 'minimum']);
  const excellentQuota = q && {
    percent: c.int('excellentQuota.percent', q.percent, 1, 100),
    rounding: c.oneOf('excellentQuota.rounding', q.rounding, QUOTA_ROUNDINGS),
    minimum: c.int('excellentQuota.minimum', q.minimum, 0),
  };

  const tieRule = c.oneOf('tieRule', root.tieRule, TIE_RULES);
  const tiePart = tieRule === 'shareRankThenDaily' ? 'daily' : tieRule === 'shareRankThenSpecial' ? 'special' : undefined;
  if (tiePart && parts && !parts.some((p) => p.key === tiePart)) c.fail('tieRule', `needs a part with key "${tiePart}"`);

  const b = c.object('bonusPerPerson', root.bonusPerPerson, ['excellent', 'good']);
  const bonusPerPerson = b && {
    excellent: c.int('bonusPerPerson.excellent', b.excellent, 0),
    good: c.int('bonusPerPerson.good', b.good, 0),
  };
  if (bonusPerPerson?.excellent !== undefined && bonusPerPerson.good !== undefined && bonusPerPerson.good > bonusPerPerson.excellent) {
    c.fail('bonusPerPerson.good', 'must not exceed bonusPerPerson.excellent');
  }

  const a = c.object('awards', root.awards, ['topStations', 'topPersonsPerStation', 'minimumGrade']);
  const awards = a && {
    topStations: c.int('awards.topStations', a.topStations, 0),
    topPersonsPerStation: c.int('awards.topPersonsPerStation', a.topPersonsPerStation, 0),
    minimumGrade: c.oneOf('awards.minimumGrade', a.minimumGrade, GRADE_KEYS),
  };

  const schedule = checkSchedule(c, root.schedule);

  const pub = c.object('publicity', root.publicity, ['enabled', 'workingDays']);
  const publicity = pub && {
    enabled: c.boolean('publicity.enabled', pub.enabled),
    workingDays: c.int('publicity.workingDays', pub.workingDays, 1, 60),
  };

  const n = c.object('notices', root.notices, ['numberFormat']);
  const numberFormat = n && c.string('notices.numberFormat', n.numberFormat);
  if (numberFormat) {
    for (const m of numberFormat.matchAll(/\{([^}]*)\}/g)) {
      if (!PLACEHOLDERS.includes(m[1])) c.fail('notices.numberFormat', `unknown placeholder {${m[1]}} (known: {abbr}, {year}, {n})`);
    }
    if (!numberFormat.includes('{n}')) c.fail('notices.numberFormat', 'must contain {n}');
  }

  if (c.problems.length > 0) throw new PolicyValidationError(c.problems, source);
  const policy = {
    version, title, effectiveFrom, scoreDecimals: decimals, parts, innovation, grades, excellentQuota, tieRule,
    bonusPerPerson, awards, schedule, publicity, notices: { numberFormat },
    maxTotalTenths: parts!.reduce((s, p) => s + p.maxTenths, 0) + innovation!.capTenths,
  };
  // No problems were reported, so every field above is defined.
  return policy as Policy;
}

function checkParts(c: Checker, value: unknown, decimals: number): RubricPart[] | undefined {
  const arr = c.array('parts', value);
  if (!arr) return undefined;
  const partKeys = new Set<string>();
  const itemKeys = new Set<string>();
  const parts: RubricPart[] = [];
  arr.forEach((raw, i) => {
    const path = `parts[${i}]`;
    const p = c.object(path, raw, ['key', 'label', 'max', 'scoredBy', 'items']);
    if (!p) return;
    const key = c.string(`${path}.key`, p.key, /^[a-z][A-Za-z0-9]*$/, 'a camelCase key');
    if (key && partKeys.has(key)) c.fail(`${path}.key`, `duplicate part key "${key}"`);
    if (key) partKeys.add(key);
    const label = c.label(`${path}.label`, p.label);
    const max = c.points(`${path}.max`, p.max, { positive: true, decimals });
    const scoredBy = c.oneOf(`${path}.scoredBy`, p.scoredBy, SCORERS);
    const items: RubricItem[] = [];
    const rawItems = c.array(`${path}.items`, p.items);
    rawItems?.forEach((rawItem, j) => {
      const ipath = `${path}.items[${j}]`;
      const it = c.object(ipath, rawItem, ['key', 'label', 'max', 'description']);
      if (!it) return;
      const ikey = c.string(`${ipath}.key`, it.key, /^[a-z][A-Za-z0-9]*$/, 'a camelCase key');
      if (ikey && itemKeys.has(ikey)) c.fail(`${ipath}.key`, `duplicate item key "${ikey}"`);
      if (ikey) itemKeys.add(ikey);
      const ilabel = c.label(`${ipath}.label`, it.label);
      const imax = c.points(`${ipath}.max`, it.max, { positive: true, decimals });
      const description = c.string(`${ipath}.description`, it.description);
      if (ikey && ilabel && imax !== undefined && description) {
        items.push({ key: ikey, label: ilabel, max: imax, maxTenths: pointsToTenths(imax), description });
      }
    });
    if (max !== undefined && rawItems && items.length === rawItems.length) {
      const sum = items.reduce((s, it) => s + it.maxTenths, 0);
      if (sum !== pointsToTenths(max)) c.fail(`${path}.max`, `items add up to ${sum / 10}, not ${max}`);
    }
    if (key && label && max !== undefined && scoredBy) {
      parts.push({ key, label, max, maxTenths: pointsToTenths(max), scoredBy, items });
    }
  });
  return parts;
}

function checkInnovation(c: Checker, value: unknown, decimals: number): Policy['innovation'] | undefined {
  const o = c.object('innovation', value, ['label', 'cap', 'levels']);
  if (!o) return undefined;
  const label = c.label('innovation.label', o.label);
  const cap = c.points('innovation.cap', o.cap, { positive: true, decimals });
  const lv = c.object('innovation.levels', o.levels, INNOVATION_LEVELS);
  const levels = {} as Record<InnovationLevel, InnovationLevelRule>;
  if (lv) {
    for (const level of INNOVATION_LEVELS) {
      const path = `innovation.levels.${level}`;
      const l = lv[level] === undefined ? undefined : c.object(path, lv[level], ['label', 'points']);
      if (!l) continue;
      const llabel = c.label(`${path}.label`, l.label);
      const points = c.points(`${path}.points`, l.points, { positive: true, decimals });
      if (llabel && points !== undefined) levels[level] = { label: llabel, points, pointsTenths: pointsToTenths(points) };
    }
  }
  if (!label || cap === undefined) return undefined;
  return { label, cap, capTenths: pointsToTenths(cap), levels };
}

function checkGrades(c: Checker, value: unknown, decimals: number): GradeRule[] | undefined {
  const arr = c.array('grades', value);
  if (!arr) return undefined;
  if (arr.length !== GRADE_KEYS.length) c.fail('grades', `must list exactly ${GRADE_KEYS.join(', ')} in that order`);
  const grades: GradeRule[] = [];
  arr.forEach((raw, i) => {
    const path = `grades[${i}]`;
    const g = c.object(path, raw, ['key', 'label', 'min']);
    if (!g) return;
    const expected = GRADE_KEYS[i];
    const key = c.oneOf(`${path}.key`, g.key, GRADE_KEYS);
    if (key && key !== expected) c.fail(`${path}.key`, `must be "${expected}" (grades are listed best first)`);
    const label = c.label(`${path}.label`, g.label);
    const min = c.points(`${path}.min`, g.min, { decimals });
    if (key && label && min !== undefined) grades.push({ key, label, min, minTenths: pointsToTenths(min) });
  });
  for (let i = 1; i < grades.length; i++) {
    if (grades[i].minTenths >= grades[i - 1].minTenths) {
      c.fail(`grades[${i}].min`, `thresholds must descend: ${grades[i].min} is not below ${grades[i - 1].min}`);
    }
  }
  const last = grades[grades.length - 1];
  if (last && last.key === 'unqualified' && last.min !== 0) c.fail(`grades[${grades.length - 1}].min`, 'must be 0 (the lowest grade takes every other total)');
  return grades;
}

function checkSchedule(c: Checker, value: unknown): Policy['schedule'] | undefined {
  const s = c.object('schedule', value, ['time', 'nonWorkingDay', 'monthlyRecord', 'selfAssessment']);
  if (!s) return undefined;
  const time = c.string('schedule.time', s.time, HH_MM, 'a time HH:mm');
  const nonWorkingDay = c.oneOf('schedule.nonWorkingDay', s.nonWorkingDay, NON_WORKING_DAY_RULES);

  const m = c.object('schedule.monthlyRecord', s.monthlyRecord, ['dueDay', 'reminderDay', 'escalationDay']);
  // Days up to 28 exist in every month, so no month silently skips a deadline.
  const dueDay = m && c.int('schedule.monthlyRecord.dueDay', m.dueDay, 1, 28);
  const reminderDay = m && c.int('schedule.monthlyRecord.reminderDay', m.reminderDay, 1, 28);
  const escalationDay = m && c.int('schedule.monthlyRecord.escalationDay', m.escalationDay, 1, 28);
  if (dueDay !== undefined && reminderDay !== undefined && reminderDay > dueDay) {
    c.fail('schedule.monthlyRecord.reminderDay', `must not be after dueDay (${dueDay})`);
  }
  if (dueDay !== undefined && escalationDay !== undefined && escalationDay <= dueDay) {
    c.fail('schedule.monthlyRecord.escalationDay', `must be after dueDay (${dueDay})`);
  }

  const sa = c.object('schedule.selfAssessment', s.selfAssessment, ['windowOpens', 'reminders', 'deadline', 'overdueNoticeOn']);
  let selfAssessment: Policy['schedule']['selfAssessment'] | undefined;
  if (sa) {
    const md = (path: string, v: unknown): string | undefined => {
      const str = c.string(path, v);
      if (str === undefined) return undefined;
      if (dayOfYear(str) === undefined) return c.fail(path, `must be a date MM-DD, got "${str}"`);
      return str;
    };
    const windowOpens = md('schedule.selfAssessment.windowOpens', sa.windowOpens);
    const deadline = md('schedule.selfAssessment.deadline', sa.deadline);
    const overdueNoticeOn = md('schedule.selfAssessment.overdueNoticeOn', sa.overdueNoticeOn);
    const reminders = (c.array('schedule.selfAssessment.reminders', sa.reminders, false) ?? []).map((r, i) =>
      md(`schedule.selfAssessment.reminders[${i}]`, r),
    );
    if (windowOpens && deadline && overdueNoticeOn) {
      // Order within the cycle, which may wrap over New Year: days since the window opened.
      const start = dayOfYear(windowOpens)!;
      const ord = (d: string) => (dayOfYear(d)! - start + 366) % 366;
      if (ord(overdueNoticeOn) <= ord(deadline)) c.fail('schedule.selfAssessment.overdueNoticeOn', 'must come after the deadline');
      let prev = -1;
      reminders.forEach((r, i) => {
        if (!r) return;
        const path = `schedule.selfAssessment.reminders[${i}]`;
        if (ord(r) > ord(deadline)) c.fail(path, `must be between windowOpens (${windowOpens}) and deadline (${deadline})`);
        else if (ord(r) <= prev) c.fail(path, 'reminders must be in ascending order without repeats');
        prev = Math.max(prev, ord(r));
      });
    }
    if (windowOpens && deadline && overdueNoticeOn && reminders.every((r) => r)) {
      selfAssessment = { windowOpens, reminders: reminders as string[], deadline, overdueNoticeOn };
    }
  }
  if (!time || !nonWorkingDay || dueDay === undefined || reminderDay === undefined || escalationDay === undefined || !selfAssessment) {
    return undefined;
  }
  return { time, nonWorkingDay, monthlyRecord: { dueDay, reminderDay, escalationDay }, selfAssessment };
}
