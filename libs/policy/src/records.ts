/**
 * The year's monthly records (平时考核) as the scoring rules read them, their consistency checks, and the counts
 * ("measures") that deduction rules in the policy file refer to. Pure: no I/O.
 */

/** Four-platform data of one month (from the command room or the platform system's export). */
export interface SpecialMonth {
  /** 工作例会 held / attended / missed with leave (请假). */
  meetingsHeld: number;
  meetingsAttended: number;
  meetingsExcused?: number;
  /** 学习培训 held / attended / missed with leave. */
  trainingsHeld?: number;
  trainingsAttended?: number;
  trainingsExcused?: number;
  /** Coordination tasks with district departments (协调任务) assigned and not carried out. */
  coordinationTasks?: { assigned: number; notDone: number };
  workOrders: {
    received: number;
    onTime: number;
    overdue: number;
    /** Returned for 推诿/扯皮. */
    returnedForShirking: number;
    /** Handled 敷衍了事. */
    perfunctory?: number;
    /** 弄虚作假. */
    falsified: number;
  };
  /** Complaints verified (经核实的群众投诉). */
  complaints: number;
  /** Return visits (回访) on work-order results; unsatisfied defaults to surveyed − satisfied. */
  satisfaction: { surveyed: number; satisfied: number; unsatisfied?: number };
  note?: string;
}

/** A daily-management deduction as stored: points (one decimal), reason and evidence. */
export interface RecordedDeduction {
  itemKey: string;
  points: number;
  reason: string;
  evidence: string;
}

export interface MonthRecords {
  month: number;
  special?: SpecialMonth | null;
  daily?: { deductions?: RecordedDeduction[] } | null;
}

export const RECORD_MEASURES = [
  'recordedDeductions',
  'meetingsMissedWithoutLeave',
  'trainingsMissedWithoutLeave',
  'coordinationTasksNotDone',
  'workOrdersOverdue',
  'workOrdersShirked',
  'workOrdersPerfunctory',
  'workOrdersFalsified',
  'complaintsVerified',
  'returnVisitsUnsatisfied',
] as const;
export type RecordMeasure = (typeof RECORD_MEASURES)[number];
export type CountedMeasure = Exclude<RecordMeasure, 'recordedDeductions'>;

/** The words people read for each measure (测评表, explanation). */
export const MEASURE_LABELS: Record<RecordMeasure, string> = {
  recordedDeductions: '平时记录扣分',
  meetingsMissedWithoutLeave: '无故缺席工作例会',
  trainingsMissedWithoutLeave: '无故缺席学习培训',
  coordinationTasksNotDone: '协调任务未落实',
  workOrdersOverdue: '工单逾期',
  workOrdersShirked: '工单因推诿扯皮被退回',
  workOrdersPerfunctory: '工单敷衍了事',
  workOrdersFalsified: '工单弄虚作假',
  complaintsVerified: '经核实的群众投诉',
  returnVisitsUnsatisfied: '回访不满意',
};

const n = (v: number | undefined) => v ?? 0;

/** How many cases of a measure one month's four-platform data holds. */
export function measureCount(measure: CountedMeasure, m: SpecialMonth): number {
  switch (measure) {
    case 'meetingsMissedWithoutLeave':
      return Math.max(0, m.meetingsHeld - m.meetingsAttended - n(m.meetingsExcused));
    case 'trainingsMissedWithoutLeave':
      return Math.max(0, n(m.trainingsHeld) - n(m.trainingsAttended) - n(m.trainingsExcused));
    case 'coordinationTasksNotDone':
      return n(m.coordinationTasks?.notDone);
    case 'workOrdersOverdue':
      return m.workOrders.overdue;
    case 'workOrdersShirked':
      return m.workOrders.returnedForShirking;
    case 'workOrdersPerfunctory':
      return n(m.workOrders.perfunctory);
    case 'workOrdersFalsified':
      return m.workOrders.falsified;
    case 'complaintsVerified':
      return m.complaints;
    case 'returnVisitsUnsatisfied':
      return m.satisfaction.unsatisfied ?? Math.max(0, m.satisfaction.surveyed - m.satisfaction.satisfied);
  }
}

export interface RecordProblem {
  field: string;
  reason: string;
}

const COUNT_FIELDS: [string, boolean][] = [
  ['meetingsHeld', true], ['meetingsAttended', true], ['meetingsExcused', false],
  ['trainingsHeld', false], ['trainingsAttended', false], ['trainingsExcused', false],
  ['coordinationTasks.assigned', false], ['coordinationTasks.notDone', false],
  ['workOrders.received', true], ['workOrders.onTime', true], ['workOrders.overdue', true],
  ['workOrders.returnedForShirking', true], ['workOrders.perfunctory', false], ['workOrders.falsified', true],
  ['complaints', true],
  ['satisfaction.surveyed', true], ['satisfaction.satisfied', true], ['satisfaction.unsatisfied', false],
];

function at(data: any, path: string): unknown {
  return path.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), data);
}

/**
 * Every problem of one month's four-platform data at once (never only the first): counts must be whole numbers
 * ≥ 0, and the numbers must agree with each other (on time + overdue ≤ received; attended + excused ≤ held;
 * satisfied + unsatisfied ≤ surveyed; not done ≤ assigned; returned, perfunctory, falsified ≤ received).
 * Reasons are Chinese: they reach people through the API and the import report.
 */
export function checkSpecialMonth(data: unknown, prefix = ''): RecordProblem[] {
  const problems: RecordProblem[] = [];
  const p = (field: string, reason: string) => problems.push({ field: prefix + field, reason });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [{ field: prefix || 'body', reason: '必须是对象' }];
  let typesOk = true;
  for (const [field, required] of COUNT_FIELDS) {
    const v = at(data, field);
    if (v === undefined || v === null) {
      if (required) {
        p(field, '必填');
        typesOk = false;
      }
      continue;
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      p(field, '必须是不小于0的整数');
      typesOk = false;
    }
  }
  if (!typesOk) return problems;
  const m = data as SpecialMonth;
  if (m.meetingsAttended + n(m.meetingsExcused) > m.meetingsHeld) {
    p('meetingsAttended', `出席${m.meetingsAttended}次加请假${n(m.meetingsExcused)}次超过召开的${m.meetingsHeld}次工作例会`);
  }
  if (n(m.trainingsAttended) + n(m.trainingsExcused) > n(m.trainingsHeld)) {
    p('trainingsAttended', `参加${n(m.trainingsAttended)}次加请假${n(m.trainingsExcused)}次超过举办的${n(m.trainingsHeld)}次学习培训`);
  }
  if (m.coordinationTasks && m.coordinationTasks.notDone > m.coordinationTasks.assigned) {
    p('coordinationTasks.notDone', `未落实${m.coordinationTasks.notDone}项超过交办的${m.coordinationTasks.assigned}项`);
  }
  const w = m.workOrders;
  if (w.onTime + w.overdue > w.received) p('workOrders.onTime', `按时办结${w.onTime}件加逾期${w.overdue}件超过受理的${w.received}件`);
  for (const [field, label] of [['returnedForShirking', '推诿扯皮被退回'], ['perfunctory', '敷衍了事'], ['falsified', '弄虚作假']] as const) {
    if (n(w[field]) > w.received) p(`workOrders.${field}`, `${label}${n(w[field])}件超过受理的${w.received}件`);
  }
  const s = m.satisfaction;
  if (s.satisfied + n(s.unsatisfied) > s.surveyed) {
    p('satisfaction.satisfied', `满意${s.satisfied}件加不满意${n(s.unsatisfied)}件超过回访的${s.surveyed}件`);
  }
  return problems;
}
