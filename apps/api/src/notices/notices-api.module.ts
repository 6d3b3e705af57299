import { Module } from '@nestjs/common';
import { DeliveryQueueModule } from '@app/notices';
import { AssessmentModule } from '@app/assessment';
import { CalendarController } from './calendar.controller';
import { DeliveriesController, InboxController } from './notices.controller';

/** Inbox, deliveries (list failed, retry), a station's notices, notice PDFs, holiday calendars. */
@Module({
  imports: [DeliveryQueueModule, AssessmentModule],
  controllers: [InboxController, DeliveriesController, CalendarController],
})
export class NoticesApiModule {}
