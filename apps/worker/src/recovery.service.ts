/**
 * Everything due is derived, so no single lost job loses anything. Beside the sweep (reminders, deadlines,
 * deliveries), this periodic job recovers what other one-shot jobs would otherwise leave undone for ever:
 * - exports still queued or running with no progress for EXPORT_STALL_MS: their job was lost (Redis flushed, a
 *   worker killed mid-build, an outbox row relayed into a queue that lost it) → queued again;
 * - released years whose stations lack their 抄告 (the ResultsReleased job lost or exhausted) → issued now, by the
 *   same idempotent service the job uses (unique keys: notices that exist are left alone, numbers are kept);
 * - hand-offs whose HandOff message was relayed HANDOFF_STALL_MS ago and never told (within HANDOFF_HORIZON_MS) →
 *   told now by the hand-off service (unique keys again: nobody is told twice).
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { jobIds, QueueBackend, QUEUES } from '@app/messaging';
import { NOTICE_KINDS, untoldHandOffs } from '@app/notices';
import { ExportJobs } from '@app/reporting';
import { HAND_OFF_MESSAGE, YEAR_STATES } from '@app/assessment';
import { HandOffNoticesService } from './notices/handoff-notices.service';
import { ReleaseNoticesService } from './notices/release-notices.service';
import { QueueProcessor, scheduleEvery } from './queue-processor';

/** An export with no progress for this long is taken as lost (progress updates touch updated_at). */
export const EXPORT_STALL_MS = 5 * 60_000;
/** A hand-off relayed this long ago and not yet told is taken as lost; older than the horizon, as given up. */
export const HANDOFF_STALL_MS = 5 * 60_000;
export const HANDOFF_HORIZON_MS = 14 * 86_400_000;

export interface RecoveryReport {
  exportsRequeued: string[];
  releasedYearsReissued: string[];
  handOffsRetold: string[];
}

@Injectable()
export class RecoveryService {
  constructor(
    private readonly db: DataSource,
    private readonly exports: ExportJobs,
    private readonly releaseNotices: ReleaseNoticesService,
    private readonly handOffs: HandOffNoticesService,
  ) {}

  async run(): Promise<RecoveryReport> {
    const exportsRequeued = await this.exports.requeueStuck(EXPORT_STALL_MS);
    const years: { id: string }[] = await this.db.query(
      `SELECT ay.id FROM assessment_years ay
        WHERE ay.state = ANY($1)
          AND EXISTS (SELECT 1 FROM station_results r JOIN station_years sy ON sy.id = r.station_year_id
                       WHERE r.assessment_year_id = ay.id
                         AND NOT EXISTS (SELECT 1 FROM notices n WHERE n.subdistrict_id = ay.subdistrict_id AND n.year = ay.year
                                            AND n.kind = $2 AND n.station_id = sy.station_id))`,
      [[...YEAR_STATES.finished], NOTICE_KINDS.resultNotice],
    );
    for (const y of years) await this.releaseNotices.issue(y.id);
    const handOffsRetold = await untoldHandOffs(this.db, HAND_OFF_MESSAGE, HANDOFF_STALL_MS, HANDOFF_HORIZON_MS);
    for (const eventId of handOffsRetold) await this.handOffs.issue(eventId);
    return { exportsRequeued, releasedYearsReissued: years.map((y) => y.id), handOffsRetold };
  }
}

/** Queue `recovery`: its own Job Scheduler tick (every SWEEP_EVERY_MS, when the worker schedules the sweep). */
@Injectable()
export class RecoveryProcessor implements QueueProcessor, OnApplicationBootstrap {
  readonly queue = QUEUES.recovery;
  readonly concurrency = 1;
  private readonly logger = new Logger('recovery');

  constructor(
    private readonly recovery: RecoveryService,
    private readonly queues: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.sweepScheduler) await scheduleEvery(this.queues, QUEUES.recovery, jobIds.recovery, this.config.sweepEveryMs, this.logger);
  }

  async process(_job: Job): Promise<RecoveryReport> {
    const report = await this.recovery.run();
    if (report.exportsRequeued.length || report.releasedYearsReissued.length || report.handOffsRetold.length) {
      this.logger.warn(`recovered: ${report.exportsRequeued.length} export(s) re-queued, 抄告 issued for ${report.releasedYearsReissued.length} released year(s), ${report.handOffsRetold.length} hand-off(s) told`);
    }
    return report;
  }
}
