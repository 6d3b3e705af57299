import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import { DELIVERY_OPTIONS, deliveryOptions } from './delivery-options';
import { DeliveryQueue } from './delivery-queue.service';
import { NoticeViews } from '../store/notice-views';

/** Waking deliveries (the worker's sweep and release, the API's retry) and the read side of notices (the API). */
@Module({
  providers: [{ provide: DELIVERY_OPTIONS, inject: [APP_CONFIG], useFactory: deliveryOptions }, DeliveryQueue, NoticeViews],
  exports: [DELIVERY_OPTIONS, DeliveryQueue, NoticeViews],
})
export class DeliveryQueueModule {}
