import { APP_CONFIG } from '@app/config';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AssessmentModule } from '@app/assessment';
import { DELIVERY_OPTIONS, deliveryOptions } from './delivery-options';
import { DeliveryQueue } from './delivery-queue.service';
import { DeliveryService } from './delivery.service';
import { ReleaseNoticesService } from './release-notices.service';
import { SweepService } from './sweep.service';

/** Reminders, notices and their delivery: what the worker's processors (and the API's retry endpoint) use. */
@Module({
  imports: [CqrsModule, AssessmentModule],
  providers: [
    { provide: DELIVERY_OPTIONS, inject: [APP_CONFIG], useFactory: deliveryOptions },
    DeliveryQueue, DeliveryService, ReleaseNoticesService, SweepService,
  ],
  exports: [DELIVERY_OPTIONS, DeliveryQueue, DeliveryService, ReleaseNoticesService, SweepService, AssessmentModule],
})
export class NoticesWorkerModule {}
