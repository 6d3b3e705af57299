/**
 * Validation of a policy file: ajv checks it against the published JSON Schema (policy-json-schema.ts, copied to
 * config/policies/policy.schema.json), then a few explicit checks cover what JSON Schema cannot say (items add up
 * to their part, thresholds descend, reminders lie in the window …). Every problem is reported, not just the
 * first, with a path such as `parts[1].items[0].max`, so an admin fixes a rubric in one pass. Unknown keys are
 * refused: a typo like `"excelentQuota"` must not silently fall back to nothing.
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { GRADE_KEYS, type Policy } from './policy';
import { POLICY_JSON_SCHEMA } from './policy-json-schema';
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

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, multipleOfPrecision: 9 });
addFormats(ajv, ['date']);
const validate = ajv.compile(POLICY_JSON_SCHEMA);

/** '/parts/1/items/0/max' → 'parts[1].items[0].max' */
function toPath(pointer: string, extra?: string): string {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) segments.push(extra);
  return segments.reduce((path, s) => (/^\d+$/.test(s) ? `${path}[${s}]` : path ? `${path}.${s}` : s), '');
}

function describe(e: ErrorObject): PolicyProblem {
  const path = toPath(e.instancePath);
  const schema = (e.parentSchema ?? {}) as Record<string, any>;
  const got = JSON.stringify(e.data);
  switch (e.keyword) {
    case 'required':
      return { path: toPath(e.instancePath, (e.params as any).missingProperty), problem: 'is required' };
    case 'additionalProperties':
      return { path: toPath(e.instancePath, (e.params as any).additionalProperty), problem: 'is not a known key' };
    case 'type':
      return { path, problem: `must be ${({ object: 'an object', array: 'an array', boolean: 'true or false', integer: 'a whole number' } as Record<string, string>)[(e.params as any).type] ?? `a ${(e.params as any).type}`}` };
    case 'enum':
      return { path, problem: `must be one of ${(e.params as any).allowedValues.join(', ')}, got ${got}` };
    case 'exclusiveMinimum':
      return { path, problem: 'must be positive' };
    case 'minimum':
    case 'maximum':
      return schema.maximum === undefined
        ? { path, problem: schema.minimum === 0 ? 'must not be negative' : `must be at least ${schema.minimum}, got ${got}` }
        : { path, problem: `must be between ${schema.minimum} and ${schema.maximum}, got ${got}` };
    case 'multipleOf':
      return { path, problem: 'must have at most 1 decimal place' };
    case 'minItems':
      return { path, problem: (e.params as any).limit === 1 ? 'must not be empty' : `must list exactly ${GRADE_KEYS.join(', ')} in that order` };
    case 'maxItems':
      return { path, problem: `must list exactly ${GRADE_KEYS.join(', ')} in that order` };
    case 'format':
      return { path, problem: `must be a date YYYY-MM-DD, got ${got}` };
    case 'pattern':
      return { path, problem: `must match ${schema.pattern}${schema.description ? ` (${schema.description})` : ''}, got ${got}` };
    default:
      return { path, problem: e.message ?? e.keyword };
  }
}

/** Validate a parsed JSON policy file and return the typed Policy, or throw PolicyValidationError. */
export function parsePolicy(json: unknown, source?: string): Policy {
  const problems: PolicyProblem[] = [];
  const seen = new Set<string>();
  const add = (p: PolicyProblem) => {
    if (!seen.has(p.path)) problems.push(p);
    seen.add(p.path);
  };
  if (!validate(json)) {
    const reported = new Set<string>();
    for (const e of validate.errors ?? []) {
      // a failed `propertyNames` repeats itself as a pattern error on the name: keep the one that names it
      if (e.keyword === 'propertyNames') continue;
      const p = describe(e);
      if (!reported.has(`${p.path}\u0000${p.problem}`)) problems.push(p);
      reported.add(`${p.path}\u0000${p.problem}`);
      seen.add(p.path);
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new PolicyValidationError(problems, source);
  }
  // the cross-field rules still run on a file the schema refused, so one pass shows every problem; a rule whose
  // inputs are malformed throws and is skipped (the schema already named them), and a path is named once
  for (const check of CROSS_CHECKS) {
    const found: PolicyProblem[] = [];
    try {
      check(json as any, (path, problem) => found.push({ path, problem }));
    } catch {
      continue;
    }
    found.forEach(add);
  }
  if (problems.length) throw new PolicyValidationError(problems, source);
  return derive(json);
}

type Fail = (path: string, problem: string) => void;

/** The few rules that relate values to each other. */
const CROSS_CHECKS: ((j: any, fail: Fail) => void)[] = [checkRubric, checkWholePoints, checkGrades, checkChoices, checkSchedule, checkSuggestions];

function checkRubric(j: any, fail: Fail): void {
  const partKeys = new Set<string>();
  const itemKeys = new Set<string>();
  j.parts.forEach((p: any, i: number) => {
    if (partKeys.has(p.key)) fail(`parts[${i}].key`, `duplicate part key "${p.key}"`);
    partKeys.add(p.key);
    p.items.forEach((it: any, k: number) => {
      if (itemKeys.has(it.key)) fail(`parts[${i}].items[${k}].key`, `duplicate item key "${it.key}"`);
      itemKeys.add(it.key);
    });
    const sum = p.items.reduce((s: number, it: any) => s + pointsToTenths(it.max), 0);
    if (sum !== pointsToTenths(p.max)) fail(`parts[${i}].max`, `items add up to ${sum / 10}, not ${p.max}`);
  });
}

/** With scoreDecimals 0 every point value is whole (JSON Schema cannot make multipleOf depend on another key). */
function checkWholePoints(j: any, fail: Fail): void {
  if (j.scoreDecimals === 0) {
    const whole: [string, number][] = [
      ...j.parts.flatMap((p: any, i: number) => [[`parts[${i}].max`, p.max], ...p.items.map((it: any, k: number) => [`parts[${i}].items[${k}].max`, it.max])]),
      ['innovation.cap', j.innovation.cap],
      ...Object.entries(j.innovation.levels).map(([l, v]: [string, any]) => [`innovation.levels.${l}.points`, v.points] as [string, number]),
      ...j.grades.map((g: any, i: number) => [`grades[${i}].min`, g.min]),
    ];
    for (const [path, v] of whole) if (!Number.isInteger(v)) fail(path, 'must have at most 0 decimal place');
  }
}

function checkGrades(j: any, fail: Fail): void {
  j.grades.forEach((g: any, i: number) => {
    if (typeof g.min !== 'number') throw new Error('malformed');
    if (g.key !== GRADE_KEYS[i]) fail(`grades[${i}].key`, `must be "${GRADE_KEYS[i]}" (grades are listed best first)`);
    if (i > 0 && g.min >= j.grades[i - 1].min) fail(`grades[${i}].min`, `thresholds must descend: ${g.min} is not below ${j.grades[i - 1].min}`);
  });
  const last = j.grades.length - 1;
  if (j.grades[last].key === 'unqualified' && j.grades[last].min !== 0) fail(`grades[${last}].min`, 'must be 0 (the lowest grade takes every other total)');
}

function checkChoices(j: any, fail: Fail): void {
  const tiePart = j.tieRule === 'shareRankThenDaily' ? 'daily' : 'special';
  if (!j.parts.some((p: any) => p.key === tiePart)) fail('tieRule', `needs a part with key "${tiePart}"`);
  if (j.bonusPerPerson.good > j.bonusPerPerson.excellent) fail('bonusPerPerson.good', 'must not exceed bonusPerPerson.excellent');
  for (const mm of j.notices.numberFormat.matchAll(/\{([^}]*)\}/g)) {
    if (!['abbr', 'year', 'n'].includes(mm[1])) fail('notices.numberFormat', `unknown placeholder {${mm[1]}} (known: {abbr}, {year}, {n})`);
  }
}

function checkSchedule(j: any, fail: Fail): void {
  const m = j.schedule.monthlyRecord;
  if (m.reminderDay > m.dueDay) fail('schedule.monthlyRecord.reminderDay', `must not be after dueDay (${m.dueDay})`);
  if (m.escalationDay <= m.dueDay) fail('schedule.monthlyRecord.escalationDay', `must be after dueDay (${m.dueDay})`);
  checkCycle(j.schedule.selfAssessment, fail);
}

function checkSuggestions(j: any, fail: Fail): void {
  const itemKeys = new Set<string>(j.parts.flatMap((p: any) => p.items.map((it: any) => it.key)));
  for (const [itemKey, rules] of Object.entries(j.suggestions.items) as [string, any[]][]) {
    if (!itemKeys.has(itemKey)) fail(`suggestions.items.${itemKey}`, `"${itemKey}" is not an item of the rubric`);
    rules.forEach((r, i) => {
      const path = `suggestions.items.${itemKey}[${i}].pointsEach`;
      if (r.measure === 'recordedDeductions' && r.pointsEach !== undefined) fail(path, 'recorded deductions carry their own points: leave pointsEach out');
      if (r.measure !== 'recordedDeductions' && r.pointsEach === undefined) fail(path, 'is required');
    });
  }
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Day of a leap year (1–366) for 'MM-DD', or undefined when not a real date. */
function dayOfYear(md: string): number | undefined {
  const month = Number(md.slice(0, 2));
  const day = Number(md.slice(3));
  if (day > DAYS_IN_MONTH[month - 1]) return undefined;
  return DAYS_IN_MONTH.slice(0, month - 1).reduce((a, b) => a + b, 0) + day;
}

function checkCycle(sa: any, fail: (path: string, problem: string) => void): void {
  const base = 'schedule.selfAssessment';
  const real = (path: string, md: string) => {
    if (dayOfYear(md) !== undefined) return true;
    fail(path, `must be a date MM-DD, got "${md}"`);
    return false;
  };
  const ok = [real(`${base}.windowOpens`, sa.windowOpens), real(`${base}.deadline`, sa.deadline), real(`${base}.overdueNoticeOn`, sa.overdueNoticeOn)];
  const reminders = sa.reminders.map((r: string, i: number) => (real(`${base}.reminders[${i}]`, r) ? r : undefined));
  if (ok.includes(false)) return;
  // order within the cycle, which may wrap over New Year: days since the window opened
  const start = dayOfYear(sa.windowOpens)!;
  const ord = (d: string) => (dayOfYear(d)! - start + 366) % 366;
  if (ord(sa.overdueNoticeOn) <= ord(sa.deadline)) fail(`${base}.overdueNoticeOn`, 'must come after the deadline');
  let prev = -1;
  reminders.forEach((r: string | undefined, i: number) => {
    if (!r) return;
    const path = `${base}.reminders[${i}]`;
    if (ord(r) > ord(sa.deadline)) fail(path, `must be between windowOpens (${sa.windowOpens}) and deadline (${sa.deadline})`);
    else if (ord(r) <= prev) fail(path, 'reminders must be in ascending order without repeats');
    prev = Math.max(prev, ord(r));
  });
}

/** The typed policy with every `*Tenths` field derived (scoring code never multiplies by 10 itself). */
function derive(j: any): Policy {
  const { $schema: _schema, ...rest } = j;
  const parts = j.parts.map((p: any) => ({
    ...p,
    maxTenths: pointsToTenths(p.max),
    items: p.items.map((it: any) => ({ ...it, maxTenths: pointsToTenths(it.max) })),
  }));
  const levels = Object.fromEntries(
    Object.entries(j.innovation.levels).map(([k, v]: [string, any]) => [k, { ...v, pointsTenths: pointsToTenths(v.points) }]),
  );
  const innovation = { ...j.innovation, capTenths: pointsToTenths(j.innovation.cap), levels };
  const suggestionItems = Object.fromEntries(
    Object.entries(j.suggestions.items).map(([k, rules]: [string, any]) => [
      k,
      rules.map((r: any) => (r.pointsEach === undefined ? { ...r } : { ...r, pointsEachTenths: pointsToTenths(r.pointsEach) })),
    ]),
  );
  return {
    ...rest,
    parts,
    innovation,
    grades: j.grades.map((g: any) => ({ ...g, minTenths: pointsToTenths(g.min) })),
    suggestions: { ...j.suggestions, items: suggestionItems },
    maxTotalTenths: parts.reduce((s: number, p: any) => s + p.maxTenths, 0) + innovation.capTenths,
  } as Policy;
}
