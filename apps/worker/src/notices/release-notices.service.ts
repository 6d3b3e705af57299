/**
 * 抄告 notices on release (rules: @app/notices releaseNoticeDrafts). One transaction: the year's notice counter,
 * the notices and their deliveries; the unique keys make a repeated ResultsReleased a no-op, and a station numbered
 * before keeps its number.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { localDate } from '@app/calendar';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { CLOCK } from '@app/platform';
import type { Clock } from '@app/platform';
import { PolicyCatalog } from '@app/assessment';
import { DeliveryQueue, insertNoticeDrafts, NewDelivery, readReleaseFacts, releaseNoticeDrafts, saveLastNoticeNumber } from '@app/notices';

@Injectable()
export class ReleaseNoticesService {
  constructor(
    private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policies: PolicyCatalog,
    private readonly queue: DeliveryQueue,
  ) {}

  async issue(assessmentYearId: string): Promise<{ notices: number; deliveries: number }> {
    const now = this.clock.now();
    const created = await this.db.transaction(async (tx): Promise<NewDelivery[]> => {
      const facts = await readReleaseFacts(tx, assessmentYearId);
      if (!facts) return [];
      const policy = this.policies.get(facts.policyVersion);
      const { drafts, lastNumber } = releaseNoticeDrafts(facts,
        { scoreDecimals: policy.scoreDecimals, numberFormat: policy.notices.numberFormat }, localDate(now, this.config.timeZone),
        this.config.consoleBaseUrl);
      await saveLastNoticeNumber(tx, facts.subdistrictId, facts.year, lastNumber);
      return insertNoticeDrafts(tx, drafts, now);
    });
    await this.queue.enqueue(created);
    // one notice may have several deliveries (one per channel of its recipient)
    return { notices: new Set(created.map((d) => d.noticeId)).size, deliveries: created.length };
  }
}
