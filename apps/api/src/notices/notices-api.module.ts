import { Module } from '@nestjs/common';
import { DeliveryQueueModule } from '@app/notices';
import { CalendarController, DeliveriesController, InboxController } from './notices.controller';

/** Inbox, deliveries (list failed, retry), notice PDFs, holiday calendars. */
@Module({
  imports: [DeliveryQueueModule],
  controllers: [InboxController, DeliveriesController, CalendarController],
})
export class NoticesApiModule {}
