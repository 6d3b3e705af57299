/**
 * The sweep: asks Postgres what is due now (by the Clock) and makes it happen, idempotently.
 *
 * For every open assessment year: opens the self-assessment window on its day, passes the deadline (and again
 * when an extension lapses), ends the publicity period; then creates the reminders and notices whose time has come
 * (the rules: @app/notices dueReminderBatches, calendarWarningDrafts) through the notice store, whose unique keys
 * make a sweep that runs a thousand times create each once, and the coordinators' daily digest of submissions (a
 * hand-off, at HANDOFF_DIGEST_TIME). Then it wakes the new deliveries and re-wakes every
 * pending delivery whose time has come (after a Redis loss, Postgres still knows).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { localDate, selfAssessmentDeadline, startOfDay, WorkingDayCalendar } from '@app/calendar';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { CLOCK, SYSTEM_ACTOR } from '@app/platform';
import type { Clock } from '@app/platform';
import { EndPublicityCommand, inStates, OpenWindowCommand, PassDeadlineCommand, PolicyCatalog, WorkingDays, YEAR_STATES } from '@app/assessment';
import {
  batchOf, calendarWarningDrafts, calendarWarningDue, CreatedBatch, deadlineDue, DeliveryQueue, dueReminderBatches, insertCoordinatorLists,
  insertNoticeDrafts, insertStationNotices, lostDeliveries, NOTICE_IDENTITY_KEY, NOTICE_KINDS, OpenYear, openYears, StationNoticeBatch, StationPart,
  stationParts, usersWithRole,
} from '@app/notices';
import { isUniqueViolation } from '@app/persistence';
import { HandOffNoticesService } from './handoff-notices.service';

const SWEEP_LOCK = 727275;
/**
 * A pending delivery counts as lost (its job gone with Redis, or finished without a record) once its
 * next_attempt_at is this far in the past; younger ones are in flight and re-adding them would only cost Redis work.
 */
export const LOST_DELIVERY_GRACE_MS = 60_000;

export interface SweepReport {
  at: string;
  years: number;
  commands: string[];
  /** Notices created, per kind (a recipient with three channels has one notice and three deliveries). */
  notices: Record<string, number>;
  deliveriesCreated: number;
  /** Deliveries woken (new and lost ones). */
  deliveriesEnqueued: number;
  /** Milliseconds per step: years (their reads and commands), stations (their batches), beside (what ran alongside: lists, digest, calendar warnings, once the stations' batches were done), enqueue (the rest of the waking, the lost deliveries' included). */
  ms?: Record<string, number>;
  skipped?: boolean;
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
    private readonly handOffs: HandOffNoticesService,
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
    const ms: Record<string, number> = {};
    let t0 = Date.now();
    const lap = (name: string) => { ms[name] = Date.now() - t0; t0 = Date.now(); };
    // Waking runs beside the derivation: one kind's jobs go to the queue while Postgres derives the next.
    const waking: Promise<number>[] = [];
    let wakeFailure: unknown;
    const wake = (p: Promise<number>) => waking.push(p.catch((e) => { wakeFailure ??= e; return 0; }));
    // what is already pending and due (lost jobs after a Redis flush, retries whose job vanished), beside the years'
    // reads: it is older than the grace period, so nothing this sweep creates is among it
    const lost = lostDeliveries(this.db, new Date(now.getTime() - LOST_DELIVERY_GRACE_MS));
    wake(lost.then((l) => this.deliveries.enqueueAgain(l.external)));
    wake(lost.then((l) => this.deliveries.wakeInbox(l.inbox).then(() => l.inbox)));
    const created = (kind: string, c: CreatedBatch) => {
      report.notices[kind] = (report.notices[kind] ?? 0) + c.notices;
      report.deliveriesCreated += c.deliveries;
      if (c.deliveries) wake(this.deliveries.wakeBatch(c));
    };

    const [calendar, years] = await Promise.all([this.workingDays.calendar(), openYears(this.db)]);
    report.years = years.length;
    const instants = this.yearInstants();
    for (const y of years) {
      try {
        await this.yearCommands(y, instants(y), now, report);
      } catch (e) {
        this.logger.error(`sweep of ${y.subdistrictId}/${y.year} failed: ${(e as Error).stack ?? e}`);
      }
    }
    lap('years');
    // What writes no station's board-summary row (the coordinators' lists, the digest, the calendar warnings) runs
    // beside the stations' batches on other connections: it never waits on their rows, nor they on its.
    const beside: Promise<void>[] = [];
    const alongside: Alongside = (label, work) => beside.push(work().catch((e) => this.logger.error(`${label} failed: ${(e as Error).stack ?? e}`)));
    alongside('submission digest', async () => created(NOTICE_KINDS.handoff, batchOf(await this.handOffs.digest(years.map((y) => y.id), now))));
    alongside('calendar warnings', () => this.calendarWarnings(now, calendar, created));
    // notices per group of years sharing policy and year: one INSERT … SELECT per kind covers every subdistrict
    for (const group of groupYears(years)) {
      try {
        await this.groupNotices(group, now, calendar, created, alongside);
      } catch (e) {
        this.logger.error(`notices of ${group[0].policyVersion}/${group[0].year} failed: ${(e as Error).stack ?? e}`);
      }
    }
    lap('stations');
    await Promise.all(beside);
    lap('beside');
    report.deliveriesEnqueued = (await Promise.all(waking)).reduce((a, b) => a + b, 0);
    if (wakeFailure) throw wakeFailure;
    lap('enqueue');
    report.ms = ms;
    return report;
  }

  /**
   * The window's opening and the deadline of a year under its policy, worked out once per policy version and year
   * (thousands of subdistricts share a handful: time-zone arithmetic per subdistrict was most of the years' step).
   */
  private yearInstants(): (y: OpenYear) => YearInstants {
    const known = new Map<string, YearInstants>();
    return (y) => {
      const key = `${y.policyVersion}|${y.year}`;
      let found = known.get(key);
      if (!found) {
        const schedule = this.policies.get(y.policyVersion).schedule;
        const tz = this.config.timeZone;
        found = { windowOpens: startOfDay(`${y.year}-${schedule.selfAssessment.windowOpens}`, tz), deadline: selfAssessmentDeadline(y.year, schedule, tz) };
        known.set(key, found);
      }
      return found;
    };
  }

  private async yearCommands(y: OpenYear, at: YearInstants, now: Date, report: SweepReport): Promise<void> {
    const ref = { subdistrictId: y.subdistrictId, year: y.year };
    let state = y.state;
    // 1. the window opens on its day (a coordinator may have opened it earlier)
    if (inStates(YEAR_STATES.opened, state) && now >= at.windowOpens) {
      if (await this.command(new OpenWindowCommand(SYSTEM_ACTOR, ref), `open-window ${y.year}`, report)) state = YEAR_STATES.selfAssessmentWindow[0];
    }
    // 2. the deadline, and every lapsed extension after it
    if (now >= at.deadline && (inStates(YEAR_STATES.selfAssessmentWindow, state) || (await deadlineDue(this.db, y.id, now)))) {
      await this.command(new PassDeadlineCommand(SYSTEM_ACTOR, ref), `pass-deadline ${y.year}`, report);
    }
    // 3. the publicity period's end
    if (inStates(YEAR_STATES.publicity, state) && y.publicityUntil && y.publicityUntil <= now && !y.publicityEnded) {
      await this.command(new EndPublicityCommand(SYSTEM_ACTOR, ref), `end-publicity ${y.year}`, report);
    }
  }

  /** Reminders and notices of every year in `group` (same policy version and year: same occasions); the lists alongside. */
  private async groupNotices(group: OpenYear[], now: Date, calendar: WorkingDayCalendar, created: (kind: string, c: CreatedBatch) => void,
    alongside: Alongside): Promise<void> {
    const batches = dueReminderBatches({
      year: group[0].year, assessmentYearIds: group.map((g) => g.id), schedule: this.policies.get(group[0].policyVersion).schedule,
      calendar, timeZone: this.config.timeZone, consoleBaseUrl: this.config.consoleBaseUrl,
    }, now);
    // the lists start first, so they run while the stations' batches do
    for (const b of batches) {
      if (b.to === 'stations') continue;
      const list = b.batch;
      alongside(`${list.kind} ${list.occasion}`, async () => created(list.kind, await insertCoordinatorLists(this.db, list, now)));
    }
    // Each station batch as LANES parts of the station id space side by side, on both cores (each part scans the
    // tables it joins once, so more parts cost more). A part's statement first finds its stations not told yet, so a
    // repeated sweep writes nothing and costs one set difference per part. The sweep holds its lock: no other sweep
    // inserts these notices (`exclusive`, see stationNotices).
    for (const b of batches) {
      if (b.to !== 'stations') continue;
      const batch = b.batch;
      await allSettled(stationParts(group[0].year, LANES).map(async (part) => {
        const c = await this.stationNotices(batch, now, part);
        if (c.notices) created(batch.kind, c);
      }));
    }
  }

  /**
   * A station batch (or part) without ON CONFLICT. Another writer (a hand-off) may insert one of its notices meanwhile:
   * the statement then fails on the identity key and inserts nothing, so it runs again at once with ON CONFLICT DO
   * NOTHING — this sweep still creates (and counts) the rest, not the next one a minute later.
   */
  private async stationNotices(batch: StationNoticeBatch, now: Date, part: StationPart): Promise<CreatedBatch> {
    try {
      return await insertStationNotices(this.db, batch, now, { exclusive: true, part });
    } catch (e) {
      if (!isUniqueViolation(e, NOTICE_IDENTITY_KEY)) throw e;
      this.logger.warn(`${batch.kind} ${batch.occasion}: another writer created one of its notices meanwhile; the batch again with ON CONFLICT DO NOTHING`);
      return insertStationNotices(this.db, batch, now, { part });
    }
  }

  /** When the coming year has no official holiday schedule: one in-app warning per coordinator per year. */
  private async calendarWarnings(now: Date, calendar: WorkingDayCalendar, created: (kind: string, c: CreatedBatch) => void): Promise<void> {
    const today = localDate(now, this.config.timeZone);
    const from = this.config.calendarWarningFromMonth;
    const status = (year: number) => calendar.yearStatus(year);
    if (!calendarWarningDue(today, from, status)) return;
    const drafts = calendarWarningDrafts(today, from, status, await usersWithRole(this.db, 'coordinator', null));
    if (drafts.length) created(drafts[0].kind, batchOf(await insertNoticeDrafts(this.db, drafts, now)));
  }

  private async command(command: object, label: string, report: SweepReport): Promise<boolean> {
    try {
      await this.commands.execute(command as any);
      report.commands.push(label);
      return true;
    } catch (e) {
      // a concurrent writer (409) or a refused transition: the next sweep looks again
      this.logger.warn(`${label}: ${(e as Error).message}`);
      return false;
    }
  }
}

/** Parts a station batch runs as, side by side (the machine's cores; PostgreSQL runs one statement on one). */
const LANES = 2;

/** Waits for every one of `work`; the first failure is thrown once all have settled (no part is cut short). */
async function allSettled(work: Promise<void>[]): Promise<void> {
  const failed = (await Promise.allSettled(work)).find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** A year's instants under its policy. */
interface YearInstants {
  windowOpens: Date;
  deadline: Date;
}

/** Runs `work` beside the stations' batches (errors logged under `label`). */
type Alongside = (label: string, work: () => Promise<void>) => void;

function groupYears(years: OpenYear[]): OpenYear[][] {
  const groups = new Map<string, OpenYear[]>();
  for (const y of years) {
    const key = `${y.policyVersion}|${y.year}`;
    const group = groups.get(key);
    if (group) group.push(y);
    else groups.set(key, [y]);
  }
  return [...groups.values()];
}
