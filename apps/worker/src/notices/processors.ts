import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError } from 'bullmq';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { jobIds, QueueBackend, QUEUES } from '@app/messaging';
import { QueueProcessor, scheduleEvery } from '../queue-processor';
import { DELIVERY_OPTIONS } from '@app/notices';
import type { DeliveryOptions } from '@app/notices';
import { DELIVERY_JOBS } from '@app/notices';
import type { DeliveryJobData } from '@app/notices';
import { HAND_OFF_MESSAGE } from '@app/assessment';
import { DeliveryService } from './delivery.service';
import { HandOffNoticesService } from './handoff-notices.service';
import { ReleaseNoticesService } from './release-notices.service';
import { SweepService } from './sweep.service';

/** Queue `sweep`: the Job Scheduler's ticks (every SWEEP_EVERY_MS). A tick that finds a sweep running skips. */
@Injectable()
export class SweepProcessor implements QueueProcessor, OnApplicationBootstrap {
  readonly queue = QUEUES.sweep;
  readonly concurrency = 1;
  private readonly logger = new Logger('sweep');

  constructor(
    private readonly sweep: SweepService,
    private readonly queues: QueueBackend,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DELIVERY_OPTIONS) private readonly options: DeliveryOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.scheduler) await scheduleEvery(this.queues, QUEUES.sweep, jobIds.sweep, this.config.sweepEveryMs, this.logger);
  }

  process(_job: Job): Promise<unknown> {
    return this.sweep.run({ wait: false });
  }
}

/**
 * Queue `notices`: `inbox` jobs claim batches of due inbox rows; `deliver` jobs one delivery of another channel
 * (job id `delivery-<id>`), retried by BullMQ with exponential backoff. A delivery that must wait (a robot's rate
 * limit, another worker's claim) moves its job to the delayed set: a delay, not a failed attempt.
 */
@Injectable()
export class DeliveryProcessor implements QueueProcessor {
  readonly queue = QUEUES.notices;
  readonly concurrency: number;

  constructor(private readonly deliveries: DeliveryService, @Inject(DELIVERY_OPTIONS) options: DeliveryOptions) {
    this.concurrency = options.concurrency;
  }

  async process(job: Job<DeliveryJobData>, token?: string): Promise<unknown> {
    if (job.name !== DELIVERY_JOBS.inbox && !job.data?.deliveryId) throw new UnrecoverableError('job without deliveryId');
    const outcome = await this.deliveries.run(job.name, job.data ?? {});
    if (typeof outcome === 'object' && 'later' in outcome) {
      await job.moveToDelayed(outcome.later.getTime(), token);
      throw new DelayedError();
    }
    return outcome;
  }
}

/**
 * Queue `domain-events`: ResultsReleased → the 抄告 notices; HandOff → the notices of one hand-off event (by its
 * id). Other event names are not this processor's business.
 */
@Injectable()
export class NoticeEventsProcessor implements QueueProcessor {
  readonly queue = QUEUES.domainEvents;
  readonly concurrency = 2;

  constructor(private readonly release: ReleaseNoticesService, private readonly handOffs: HandOffNoticesService) {}

  async process(job: Job<{ eventType: string; eventId?: string; payload?: { assessmentYearId?: string } }>): Promise<unknown> {
    const name = job.data?.eventType ?? job.name;
    if (name === HAND_OFF_MESSAGE) {
      if (!job.data.eventId) throw new UnrecoverableError('HandOff without eventId');
      return this.handOffs.issue(job.data.eventId);
    }
    if (name !== 'ResultsReleased') return { ignored: job.name };
    const id = job.data.payload?.assessmentYearId;
    if (!id) throw new UnrecoverableError('ResultsReleased without assessmentYearId');
    return this.release.issue(id);
  }
}
