/**
 * Hand-off notices (rules: @app/notices handoff-rules): one per recorded hand-off event, from the outbox's HandOff
 * message, and the coordinators' daily digest of submissions, from the sweep. The unique keys (the event's id, the
 * digest's day) make a repeated message or sweep a no-op; deliveries go through the one delivery queue.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { localDate } from '@app/calendar';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { CLOCK, SYSTEM_ACTOR } from '@app/platform';
import type { Clock } from '@app/platform';
import { PolicyCatalog, WorkingDays } from '@app/assessment';
import {
  batchOf, CreatedBatch, DeliveryQueue, digestDueAt, handOffAudience, handOffDrafts, HandOffOptions, insertNoticeDrafts, insertStationNotices, markHandOffTold, NewDelivery, readHandOffEvent,
  submissionDigestDrafts, submissionsSinceLastDigest, windowOpenBatch, windowOpenedByPerson, windowOpenOccasion,
} from '@app/notices';

@Injectable()
export class HandOffNoticesService {
  constructor(
    private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policies: PolicyCatalog,
    private readonly workingDays: WorkingDays,
    private readonly queue: DeliveryQueue,
  ) {}

  private get options(): HandOffOptions {
    return { timeZone: this.config.timeZone, consoleBaseUrl: this.config.consoleBaseUrl };
  }

  /** The notices of one recorded hand-off event (the outbox's HandOff message). */
  async issue(eventId: string): Promise<{ notices: number; deliveries: number }> {
    const e = await readHandOffEvent(this.db, eventId);
    const now = this.clock.now();
    let created: CreatedBatch = batchOf([]);
    if (e?.type === 'SelfAssessmentWindowOpened') {
      if (windowOpenedByPerson(e, SYSTEM_ACTOR.userId)) {
        const g = {
          year: e.year, assessmentYearIds: [e.assessmentYearId], schedule: this.policies.get(e.policyVersion).schedule,
          calendar: await this.workingDays.calendar(), ...this.options,
        };
        const occasion = windowOpenOccasion(g);
        const today = localDate(e.occurredAt, this.config.timeZone);
        if (occasion) created = await insertStationNotices(this.db, windowOpenBatch(g, occasion, today, today), now);
      }
    } else if (e) {
      created = batchOf(await insertNoticeDrafts(this.db, handOffDrafts(e, await handOffAudience(this.db, e.subdistrictId), this.options), now));
    }
    await this.queue.wakeBatch(created);
    // after the notices (unique keys make a repeat harmless): a crash before this line only means one more try
    await markHandOffTold(this.db, eventId, now);
    return { notices: created.notices, deliveries: created.deliveries };
  }

  /**
   * The digest time this process has made its digest for: later sweeps of the same day skip the query (at a province's
   * scale it probes every year's notices). Only a saving: a restarted worker runs it again, and the unique keys and
   * the last digest sent, read from the notices, keep each digest once.
   */
  private digested = 0;

  /** The coordinators' digest of the submissions since the last one, due at HANDOFF_DIGEST_TIME (the sweep's step). */
  async digest(assessmentYearIds: string[], now: Date): Promise<NewDelivery[]> {
    const at = digestDueAt(now, this.config.handoffDigestTime, this.config.timeZone);
    if (at.getTime() === this.digested) return [];
    const due = await submissionsSinceLastDigest(this.db, assessmentYearIds, at, this.config.handoffDigestTime, this.config.timeZone);
    const created: NewDelivery[] = [];
    for (const y of due) {
      const drafts = submissionDigestDrafts({ subdistrictId: y.subdistrictId, year: y.year, digestAt: at, submissions: y.submissions },
        await handOffAudience(this.db, y.subdistrictId), this.options);
      created.push(...(await insertNoticeDrafts(this.db, drafts, now)));
    }
    this.digested = at.getTime();
    return created;
  }
}
