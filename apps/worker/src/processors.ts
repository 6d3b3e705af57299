import { Type } from '@nestjs/common';
import { QueueProcessor } from './queue-processor';
import { ReportingModule } from '@app/reporting';
import { ExportsProcessor } from './exports/exports.processor';
import { NoticesWorkerModule } from './notices/notices-worker.module';
import { DeliveryProcessor, NoticeEventsProcessor, SweepProcessor } from './notices/processors';
import { RecoveryProcessor } from './recovery.service';

/** The queue processors the worker runs; each feature adds its processor class here (and its module below). */
export const PROCESSOR_CLASSES: Type<QueueProcessor>[] = [ExportsProcessor, SweepProcessor, DeliveryProcessor, NoticeEventsProcessor, RecoveryProcessor];
export const WORKER_FEATURE_MODULES: any[] = [ReportingModule, NoticesWorkerModule];
