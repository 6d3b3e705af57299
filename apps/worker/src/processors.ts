import { Type } from '@nestjs/common';
import { QueueProcessor } from './queue-processor';

/** The queue processors the worker runs; each feature adds its processor class here (and its module below). */
export const PROCESSOR_CLASSES: Type<QueueProcessor>[] = [];
export const WORKER_FEATURE_MODULES: any[] = [];
