/**
 * The sweep: asks Postgres what is due now (by the Clock) and makes it happen, idempotently.
 *
 * For every open assessment year: opens the self-assessment window on its day, passes the deadline (and again
 * when an extension lapses), ends the publicity period, and creates the reminders and notices whose time has come
 * (monthly record reminder on the 3rd, escalation to coordinators on the 6th, window-open notice, December
 * reminders, overdue notices and the late list on 1 January — days moved by the working-day calendar). Every
 * notice is created by one set-based INSERT … SELECT … ON CONFLICT (dedupe_key) DO NOTHING, so a sweep that runs
 * a thousand times creates each once. Then it enqueues the new deliveries and re-enqueues every pending delivery
 * whose time has come (after a Redis loss, Postgres still knows).
 *
 * Catch-up rule: of each kind only the most recent due occasion is sent (a sweep that was down over 15 and
 * 24 December sends the 24 December reminder once, not both).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import {
  addDays, localDate, monthDueInstant, ReminderKind, ReminderOccasion, reminderOccasions, selfAssessmentDeadline, startOfDay,
  WorkingDayCalendar, yearOf,
} from '@app/calendar';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { CLOCK, SYSTEM_ACTOR } from '@app/platform';
import type { Clock } from '@app/platform';
import { OpenWindowCommand, PassDeadlineCommand, PolicyCatalog, WorkingDays } from '@app/assessment';
import { EndPublicityCommand } from '@app/assessment';
import { composeNotice, dueDeliveries, insertNoticeDeliveries, NewDelivery, Notice, NOTICE_KINDS } from '@app/notices';
import { DeliveryQueue } from '@app/notices';

const SWEEP_LOCK = 727275;
/**
 * A pending delivery counts as lost (its job gone with Redis, or finished without a commit) once its
 * next_attempt_at is this far in the past; younger ones are in flight and re-adding them would only cost Redis work.
 */
export const LOST_DELIVERY_GRACE_MS = 60_000;

export interface SweepReport {
  at: string;
  years: number;
  commands: string[];
  notices: Record<string, number>;
  deliveriesCreated: number;
  deliveriesEnqueued: number;
  /** Milliseconds per step: lost (re-enqueue query), years, calendar, enqueue. */
  ms?: Record<string, number>;
  skipped?: boolean;
}

interface YearRow {
  id: string;
  subdistrict_id: string;
  year: number;
  policy_version: string;
  state: string;
  publicity_until: Date | null;
  publicity_ended: boolean | null;
}

@Injectable()
export class SweepService {
  private readonly logger = new Logger('sweep');

  constructor(
    private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policies: PolicyCatalog,
    private readonly workingDays: WorkingDays,
    private readonly commands: CommandBus,
    private readonly deliveries: DeliveryQueue,
  ) {}

  /**
   * One sweep at the Clock's time. Sweeps never overlap (a Postgres advisory lock across workers): with
   * `wait: false` (the scheduled job) a sweep that finds another running skips; a direct call waits for it.
   */
  async run({ wait = true } = {}): Promise<SweepReport> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      if (wait) await runner.query('SELECT pg_advisory_lock($1)', [SWEEP_LOCK]);
      else {
        const [{ ok }] = await runner.query('SELECT pg_try_advisory_lock($1) AS ok', [SWEEP_LOCK]);
        if (!ok) return { at: this.clock.now().toISOString(), years: 0, commands: [], notices: {}, deliveriesCreated: 0, deliveriesEnqueued: 0, skipped: true };
      }
      try {
        return await this.sweep(this.clock.now());
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK]);
      }
    } finally {
      await runner.release();
    }
  }

  private async sweep(now: Date): Promise<SweepReport> {
    const report: SweepReport = { at: now.toISOString(), years: 0, commands: [], notices: {}, deliveriesCreated: 0, deliveriesEnqueued: 0 };
    // first what is already pending and due (lost jobs after a Redis flush, retries whose job vanished)
    const ms: Record<string, number> = {};
    let t0 = Date.now();
    const lap = (name: string) => { ms[name] = Date.now() - t0; t0 = Date.now(); };
    const again = await dueDeliveries(this.db, new Date(now.getTime() - LOST_DELIVERY_GRACE_MS));
    lap('lost');
    // Enqueueing runs beside the derivation: the jobs of one kind go to the queue (Node and Redis work) while
    // Postgres derives the next. Failures are collected and thrown at the end, as before.
    const enqueuing: Promise<number>[] = [];
    let enqueueFailure: unknown;
    const enqueue = (p: Promise<number>) => enqueuing.push(p.catch((e) => { enqueueFailure ??= e; return 0; }));
    enqueue(this.deliveries.enqueueAgain(again));
    let created = 0;
    const onCreated = (deliveries: NewDelivery[]) => {
      created += deliveries.length;
      if (deliveries.length) enqueue(this.deliveries.enqueue(deliveries));
    };
    const calendar = await this.workingDays.calendar();

    const years: YearRow[] = await this.db.query(
      `SELECT id, subdistrict_id, year, policy_version, state, publicity_until,
              (snapshot->'context'->>'publicityEnded')::boolean AS publicity_ended
         FROM assessment_years WHERE state NOT IN ('released', 'closed') ORDER BY year, subdistrict_id`,
    );
    report.years = years.length;
    // commands per year (each its own transaction); notices per group of years sharing policy and year, so one
    // INSERT … SELECT covers every subdistrict at once (measured: one statement per kind beats slices of a few
    // thousand stations, whose jobs could be enqueued while the next slice is inserted)
    for (const y of years) {
      try {
        await this.yearCommands(y, now, report);
      } catch (e) {
        this.logger.error(`sweep of ${y.subdistrict_id}/${y.year} failed: ${(e as Error).stack ?? e}`);
      }
    }
    const groups = new Map<string, YearRow[]>();
    for (const y of years) {
      const key = `${y.policy_version}|${y.year}`;
      const group = groups.get(key);
      if (group) group.push(y);
      else groups.set(key, [y]);
    }
    for (const group of groups.values()) {
      try {
        await this.groupNotices(group, now, calendar, report, onCreated);
      } catch (e) {
        this.logger.error(`notices of ${group[0].policy_version}/${group[0].year} failed: ${(e as Error).stack ?? e}`);
      }
    }
    lap('years');
    onCreated(await this.calendarWarnings(now, calendar, report));
    lap('calendar');
    report.deliveriesCreated = created;
    report.deliveriesEnqueued = (await Promise.all(enqueuing)).reduce((a, b) => a + b, 0);
    if (enqueueFailure) throw enqueueFailure;
    lap('enqueue');
    report.ms = ms;
    return report;
  }

  private async yearCommands(y: YearRow, now: Date, report: SweepReport): Promise<void> {
    const tz = this.config.timeZone;
    const schedule = this.policies.get(y.policy_version).schedule;
    const ref = { subdistrictId: y.subdistrict_id, year: y.year };
    const deadline = selfAssessmentDeadline(y.year, schedule, tz);
    let state = y.state;

    // 1. the window opens on its day (a coordinator may have opened it earlier)
    if (state === 'opened' && now >= startOfDay(`${y.year}-${schedule.selfAssessment.windowOpens}`, tz)) {
      await this.command(new OpenWindowCommand(SYSTEM_ACTOR, ref), `open-window ${y.year}`, report);
      state = 'selfAssessmentWindow';
    }
    // 2. the deadline, and every lapsed extension after it
    if (now >= deadline) {
      const [{ due }] = await this.db.query(
        `SELECT EXISTS (SELECT 1 FROM station_years WHERE assessment_year_id = $1
                 AND (state = 'selfAssessmentOpen' OR (state = 'extended' AND extended_until < $2))) AS due`,
        [y.id, now],
      );
      if (due || state === 'selfAssessmentWindow') {
        await this.command(new PassDeadlineCommand(SYSTEM_ACTOR, ref), `pass-deadline ${y.year}`, report);
      }
    }
    // 3. the publicity period's end
    if (state === 'publicity' && y.publicity_until && y.publicity_until <= now && !y.publicity_ended) {
      await this.command(new EndPublicityCommand(SYSTEM_ACTOR, ref), `end-publicity ${y.year}`, report);
    }
  }

  /**
   * Reminders and notices of every year in `group` (same policy version and year: same occasions). The jobs of each
   * kind's deliveries are enqueued while the next kind is derived.
   */
  private async groupNotices(group: YearRow[], now: Date, calendar: WorkingDayCalendar, report: SweepReport,
    onCreated: (deliveries: NewDelivery[]) => void): Promise<void> {
    const tz = this.config.timeZone;
    const y = { ...group[0], ids: group.map((g) => g.id) };
    const schedule = this.policies.get(y.policy_version).schedule;
    const deadline = selfAssessmentDeadline(y.year, schedule, tz);

    // 4. reminders and notices: the latest due occasion of each kind
    const occasions = reminderOccasions(y.year, schedule, calendar, tz);
    const latest = (kind: ReminderKind): ReminderOccasion | undefined =>
      occasions.filter((o) => o.kind === kind && o.at <= now).pop();
    const deadlineDay = addDays(localDate(deadline, tz), -1);
    const count = (kind: string, deliveries: NewDelivery[]) => {
      // notices, not deliveries: a recipient with three channels has one notice and three deliveries
      report.notices[kind] = (report.notices[kind] ?? 0) + new Set(deliveries.map((d) => d.noticeId)).size;
      onCreated(deliveries);
    };
    const perStation = async (kind: string, occ: ReminderOccasion, where: string, body: Record<string, unknown>) =>
      count(kind, await this.stationNotices(y, kind, occ, where, body, now));

    const windowOpen = latest('window_open');
    if (windowOpen && now < deadline) {
      await perStation(NOTICE_KINDS.windowOpen, windowOpen, `sy.state = 'selfAssessmentOpen'`,
        { kind: 'reminder', topic: { type: 'window_open', opensOn: windowOpen.nominalDate, deadline: deadlineDay } });
    }
    const reminder = latest('self_assessment_reminder');
    if (reminder && now < deadline) {
      const daysLeft = Math.max(0, Math.round((Date.parse(deadlineDay) - Date.parse(reminder.localDate)) / 86_400_000));
      await perStation(NOTICE_KINDS.selfAssessmentReminder, reminder, `sy.state = 'selfAssessmentOpen'`,
        { kind: 'reminder', topic: { type: 'self_assessment_due', deadline: deadlineDay, daysLeft } });
    }
    const monthly = latest('monthly_record_reminder');
    if (monthly && now < monthDueInstant(Number(monthly.occasion.slice(0, 4)), Number(monthly.occasion.slice(5, 7)), schedule, tz)) {
      const month = Number(monthly.occasion.slice(5, 7));
      const missing = `sy.state <> 'closed' AND NOT EXISTS (SELECT 1 FROM month_records mr WHERE mr.station_year_id = sy.id AND mr.month = ${month} AND mr.special IS NOT NULL)`;
      const dueDate = dueDateOfMonth(monthly.occasion, schedule.monthlyRecord.dueDay);
      await perStation(NOTICE_KINDS.monthlyRecordReminder, monthly, missing,
        { kind: 'reminder', topic: { type: 'monthly_record_missing', month: monthly.occasion, dueDate } });
    }
    const escalation = latest('monthly_record_escalation');
    if (escalation) {
      const month = Number(escalation.occasion.slice(5, 7));
      const missing = `sy.state <> 'closed' AND NOT EXISTS (SELECT 1 FROM month_records mr WHERE mr.station_year_id = sy.id AND mr.month = ${month} AND mr.special IS NOT NULL)`;
      count(NOTICE_KINDS.monthlyRecordEscalation, await this.coordinatorLists(y, NOTICE_KINDS.monthlyRecordEscalation, escalation, missing,
        { type: 'monthly_record', month: escalation.occasion }, dueDateOfMonth(escalation.occasion, schedule.monthlyRecord.dueDay), false, now));
    }
    const overdue = latest('overdue_notice');
    if (overdue) {
      await perStation(NOTICE_KINDS.overdueNotice, overdue, `sy.state = 'overdue'`,
        { kind: 'overdue_notice', deadline: deadlineDay });
    }
    const lateList = latest('late_list');
    if (lateList) {
      count(NOTICE_KINDS.lateList, await this.coordinatorLists(y, NOTICE_KINDS.lateList, lateList, `sy.state IN ('overdue', 'extended')`,
        { type: 'self_assessment' }, deadlineDay, true, now));
    }
  }

  /** One notice per station matching `where`, addressed to the station itself. */
  private stationNotices(y: YearRow & { ids: string[] }, kind: string, occ: ReminderOccasion, where: string, body: Record<string, unknown>, now: Date): Promise<NewDelivery[]> {
    const title = composeNotice({
      ...body, year: y.year, subdistrict: { name: '', abbr: '' }, issueDate: occ.localDate, recipient: { name: '' }, station: { name: '' },
    } as unknown as Notice).title;
    const { kind: renderKind, ...rest } = body;
    // the body's other fields as more pairs of the one jsonb_build_object (cheaper than merging a second object per row)
    const params: unknown[] = [y.ids, kind, occ.occasion, title, renderKind, occ.localDate];
    const more = Object.entries(rest).map(([key, value]) => `, $${params.push(key)}::text, $${params.push(JSON.stringify(value))}::jsonb`).join('');
    return insertNoticeDeliveries(this.db,
      `SELECT sy.subdistrict_id, sy.year, sy.station_id, $2::text AS kind, 'station'::text AS recipient_type, sy.station_id AS recipient_id,
              $3::text AS occasion, NULL::text AS number, $4::text AS title,
              jsonb_build_object('kind', $5::text, 'year', sy.year, 'issueDate', $6::text,
                                 'subdistrict', jsonb_build_object('name', sd.name, 'abbr', sd.abbr),
                                 'recipient', jsonb_build_object('name', st.name), 'station', jsonb_build_object('name', st.name)${more}) AS payload
         FROM station_years sy JOIN stations st ON st.id = sy.station_id JOIN subdistricts sd ON sd.id = sy.subdistrict_id
        WHERE sy.assessment_year_id = ANY($1::uuid[]) AND st.active AND ${where}`,
      params, now);
  }

  /** One list per coordinator of the subdistrict: the stations matching `where` (sent only when any, unless `always`). */
  private coordinatorLists(y: YearRow & { ids: string[] }, kind: string, occ: ReminderOccasion, where: string, subject: Record<string, unknown>,
    dueDate: string, always: boolean, now: Date): Promise<NewDelivery[]> {
    const title = composeNotice({
      kind: 'late_list', year: y.year, subject, stations: [], subdistrict: { name: '', abbr: '' }, issueDate: occ.localDate, recipient: { name: '' },
    } as unknown as Notice).title;
    return insertNoticeDeliveries(this.db,
      `WITH late AS (
         SELECT sy.assessment_year_id, count(*) AS n,
                coalesce(jsonb_agg(jsonb_build_object('name', st.name, 'dispatchingDepartment', d.name, 'dueDate', $6::text,
                  'note', CASE WHEN sy.state = 'extended' THEN '已延期至' || to_char(sy.extended_until AT TIME ZONE $8, 'YYYY"年"FMMM"月"FMDD"日"') END)
                  ORDER BY st.name), '[]'::jsonb) AS stations
           FROM station_years sy JOIN stations st ON st.id = sy.station_id JOIN departments d ON d.id = st.department_id
          WHERE sy.assessment_year_id = ANY($1::uuid[]) AND st.active AND ${where}
          GROUP BY sy.assessment_year_id)
       SELECT ay.subdistrict_id, ay.year, NULL::uuid AS station_id, $2::text AS kind, 'user'::text AS recipient_type, u.id AS recipient_id,
              $3::text AS occasion, NULL::text AS number, $4::text AS title,
              jsonb_build_object('kind', 'late_list', 'year', ay.year, 'issueDate', $5::text, 'subject', $7::jsonb,
                                 'subdistrict', jsonb_build_object('name', sd.name, 'abbr', sd.abbr),
                                 'recipient', jsonb_build_object('name', u.display_name), 'stations', coalesce(late.stations, '[]'::jsonb)) AS payload
         FROM assessment_years ay JOIN subdistricts sd ON sd.id = ay.subdistrict_id
         JOIN users u ON u.subdistrict_id = ay.subdistrict_id AND u.role = 'coordinator' AND u.active
         LEFT JOIN late ON late.assessment_year_id = ay.id
        WHERE ay.id = ANY($1::uuid[]) AND (late.n > 0 OR $9::boolean)`,
      [y.ids, kind, occ.occasion, title, occ.localDate, dueDate, JSON.stringify(subject), this.config.timeZone, always], now);
  }

  /** When the coming year has no official holiday schedule: one in-app warning per coordinator per year. */
  private async calendarWarnings(now: Date, calendar: WorkingDayCalendar, report: SweepReport): Promise<NewDelivery[]> {
    const today = localDate(now, this.config.timeZone);
    if (Number(today.slice(5, 7)) < this.config.calendarWarningFromMonth) return [];
    const coming = yearOf(today) + 1;
    const status = calendar.yearStatus(coming);
    if (status === 'official') return [];
    const title = composeNotice({
      kind: 'calendar_warning', calendarYear: coming, status, subdistrict: { name: '', abbr: '' }, issueDate: today, recipient: { name: '' },
    }).title;
    const ids = await insertNoticeDeliveries(this.db,
      `SELECT u.subdistrict_id, $1::int AS year, NULL::uuid AS station_id, 'calendar_warning'::text AS kind, 'user'::text AS recipient_type,
              u.id AS recipient_id, 'calendar-' || $1::text AS occasion, NULL::text AS number, $2::text AS title,
              jsonb_build_object('kind', 'calendar_warning', 'calendarYear', $1::int, 'status', $3::text, 'issueDate', $4::text,
                                 'subdistrict', jsonb_build_object('name', sd.name, 'abbr', sd.abbr),
                                 'recipient', jsonb_build_object('name', u.display_name)) AS payload
         FROM users u JOIN subdistricts sd ON sd.id = u.subdistrict_id
        WHERE u.role = 'coordinator' AND u.active`,
      [coming, title, status, today], now);
    report.notices[NOTICE_KINDS.calendarWarning] = new Set(ids.map((d) => d.noticeId)).size;
    return ids;
  }

  private async command(command: object, label: string, report: SweepReport): Promise<void> {
    try {
      await this.commands.execute(command as any);
      report.commands.push(label);
    } catch (e) {
      // a concurrent writer (409) or a refused transition: the next sweep looks again
      this.logger.warn(`${label}: ${(e as Error).message}`);
    }
  }
}

/** 'YYYY-MM' record month → its due date: dueDay of the following month. */
function dueDateOfMonth(month: string, dueDay: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const ny = m === 12 ? y + 1 : y;
  const nm = m === 12 ? 1 : m + 1;
  return `${ny}-${String(nm).padStart(2, '0')}-${String(dueDay).padStart(2, '0')}`;
}
