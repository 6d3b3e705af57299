import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import { DELIVERY_OPTIONS, deliveryOptions } from './delivery-options';
import { DeliveryQueue } from './delivery-queue.service';

/** Enqueuing deliveries, for whoever creates or retries them: the worker's sweep and release, the API's retry. */
@Module({
  providers: [{ provide: DELIVERY_OPTIONS, inject: [APP_CONFIG], useFactory: deliveryOptions }, DeliveryQueue],
  exports: [DELIVERY_OPTIONS, DeliveryQueue],
})
export class DeliveryQueueModule {}
