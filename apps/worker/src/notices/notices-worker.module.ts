import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssessmentModule } from '@app/assessment';
import { DeliveryQueueModule } from '@app/notices';
import { DeliveryService } from './delivery.service';
import { HandOffNoticesService } from './handoff-notices.service';
import { ReleaseNoticesService } from './release-notices.service';
import { SweepService } from './sweep.service';

/** Reminders, notices and their delivery: what the worker's processors use. */
@Module({
  imports: [CqrsModule, AssessmentModule, DeliveryQueueModule],
  providers: [DeliveryService, HandOffNoticesService, ReleaseNoticesService, SweepService],
  exports: [DeliveryQueueModule, DeliveryService, HandOffNoticesService, ReleaseNoticesService, SweepService, AssessmentModule],
})
export class NoticesWorkerModule {}
