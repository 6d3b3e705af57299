import { Module } from '@nestjs/common';
import { NoticesWorkerModule } from '../../../worker/src/notices/notices-worker.module';
import { CalendarController, DeliveriesController, InboxController } from './notices.controller';

/** Inbox, deliveries (list failed, retry), notice PDFs, holiday calendars. */
@Module({
  imports: [NoticesWorkerModule],
  controllers: [InboxController, DeliveriesController, CalendarController],
})
export class NoticesApiModule {}
