/**
 * What each hand-off needs before it may happen (policy.guards, each on by default). Each check answers the list of
 * what is missing; the handler refuses with a HandOffRefusedError (409) whose Chinese message says what to do.
 */
import { monthsDueBy } from '@app/calendar';
import type { Policy } from '@app/policy';
import { HandOffRefusedError } from '../../domain';
import type { YearRow } from '../../infrastructure';
import { loadYearInput } from '../results-input';

type Queryable = { query(sql: string, params?: unknown[]): Promise<any> };

const zhMonths = (months: number[]) => months.map((m) => `${m}月`).join('、');

/**
 * Results are computed only when every month due so far (its record deadline passed) is recorded or waived with a
 * reason, for every assessed station.
 */
export async function checkMonthsRecorded(db: Queryable, year: YearRow, policy: Policy, now: Date, timeZone: string): Promise<void> {
  if (!policy.guards.computeNeedsEveryMonth) return;
  const due = monthsDueBy(year.year, now, policy.schedule, timeZone);
  if (!due.length) return;
  const rows: { station_id: string; name: string; missing: number[] }[] = await db.query(
    `SELECT sy.station_id, s.name,
            array(SELECT m FROM unnest($2::int[]) AS m
                  WHERE NOT EXISTS (SELECT 1 FROM month_records r WHERE r.station_year_id = sy.id AND r.month = m
                                      AND (r.special IS NOT NULL OR r.waiver IS NOT NULL)) ORDER BY m) AS missing
       FROM station_years sy JOIN stations s ON s.id = sy.station_id
      WHERE sy.assessment_year_id = $1 ORDER BY s.name`,
    [year.id, due],
  );
  const missing = rows.filter((r) => r.missing.length > 0);
  if (!missing.length) return;
  const months = missing.reduce((n, r) => n + r.missing.length, 0);
  throw new HandOffRefusedError(
    'MONTHS_MISSING',
    `还有${missing.length}个站所共${months}个月的平时考核记录既未报送也未豁免（${missing.map((r) => `${r.name}${zhMonths(r.missing)}`).join('；')}）：` +
      '请补录这些月份的“四个平台”数据，或由协调组说明理由予以豁免，再计算结果。',
    missing.map((r) => ({ field: `stations.${r.station_id}.months`, reason: `${r.name}：${zhMonths(r.missing)}未记录也未豁免` })),
  );
}

/** Submission for approval is refused while a score differs from its suggested score (建议分) without a reason. */
export async function checkDeparturesExplained(db: Queryable, year: YearRow, policy: Policy): Promise<void> {
  if (!policy.guards.submitNeedsExplainedDepartures) return;
  const { stations } = await loadYearInput(db, year.id, policy);
  const open = stations.flatMap((s) => (s.departures ?? []).filter((d) => !d.reason).map((d) => ({ station: s, d })));
  if (!open.length) return;
  throw new HandOffRefusedError(
    'DEPARTURES_UNEXPLAINED',
    `有${open.length}项评定分与按平时记录计算的建议分不同且未说明理由（${open.map(({ station, d }) => `${station.name}${d.text}`).join('；')}）：` +
      '请重新评定这些项目并填写理由（或按建议分评定），重新计算结果后再报领导小组审定。',
    open.map(({ station, d }) => ({ field: `stations.${station.stationId}.scores.${d.itemKey}`, reason: `${station.name}${d.text}` })),
  );
}

/** A department's contacts as the notice channels use them. */
export interface DepartmentContact {
  channels: string[];
  email: string | null;
  webhookUrl: string | null;
}

/**
 * Whether someone can read a notice sent to this department: an e-mail address on the e-mail channel, or a webhook
 * (work-chat robot) on the webhook channel. The in-app inbox alone is not enough: a department has no users of its
 * own, so its inbox copy lands with the coordinators and is never "delivered" to the department.
 */
export function canReadNotices(d: DepartmentContact): boolean {
  return (d.channels.includes('email') && !!d.email?.trim()) || (d.channels.includes('webhook') && !!d.webhookUrl?.trim());
}

/**
 * Release is refused while a 抄告 recipient has nobody who can read it: the dispatching department of every assessed
 * station and the organisation/HR department(s) of the subdistrict (at least one must be registered).
 */
export async function checkRecipientsReachable(db: Queryable, year: YearRow, policy: Policy): Promise<void> {
  if (!policy.guards.releaseNeedsReachableRecipients) return;
  const departments: { id: string; name: string; kind: string; channels: string[]; email: string | null; webhook_url: string | null }[] = await db.query(
    `SELECT d.id, d.name, d.kind, d.channels, d.email, d.webhook_url FROM departments d
      WHERE d.subdistrict_id = $1 AND (d.kind = 'hr' OR d.id IN (
        SELECT s.department_id FROM station_years sy JOIN stations s ON s.id = sy.station_id WHERE sy.assessment_year_id = $2))
      ORDER BY d.kind, d.name`,
    [year.subdistrictId, year.id],
  );
  const problems: { field: string; reason: string }[] = [];
  if (!departments.some((d) => d.kind === 'hr')) {
    problems.push({ field: 'departments.hr', reason: '未登记组织人事部门，抄告单无人接收' });
  }
  for (const d of departments) {
    if (!canReadNotices({ channels: d.channels, email: d.email, webhookUrl: d.webhook_url })) {
      problems.push({ field: `departments.${d.id}`, reason: `${d.name}没有可接收抄告单的电子邮箱或工作群机器人（webhook）` });
    }
  }
  if (!problems.length) return;
  throw new HandOffRefusedError(
    'RECIPIENTS_UNREACHABLE',
    `抄告单有${problems.length}个接收方无人能收到（${problems.map((p) => p.reason).join('；')}）：请管理员为这些部门登记电子邮箱或工作群机器人地址后再发布。`,
    problems,
  );
}
