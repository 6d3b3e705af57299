import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PlatformModule, Runtime } from '@app/platform';
import { OutboxRelayService } from './outbox-relay.service';
import { RecoveryService } from './recovery.service';
import { PROCESSORS, QueueWorkersService } from './queue-workers.service';
import { PROCESSOR_CLASSES, WORKER_FEATURE_MODULES } from './processors';
import type { QueueProcessor } from './queue-processor';

@Module({})
export class WorkerModule {
  /** `nested`: inside the API app (one process), which already provides the platform and the command bus. */
  static forRuntime(runtime: Runtime, { nested = false, ownsRuntime = false } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ...(nested ? [] : [PlatformModule.forRuntime(runtime, { ownsRuntime }), CqrsModule.forRoot()]),
        ...WORKER_FEATURE_MODULES,
      ],
      providers: [
        OutboxRelayService,
        RecoveryService,
        QueueWorkersService,
        ...PROCESSOR_CLASSES,
        // injected (not looked up) so Nest hands over fully constructed processors
        { provide: PROCESSORS, inject: PROCESSOR_CLASSES, useFactory: (...processors: QueueProcessor[]) => processors },
      ],
      exports: [OutboxRelayService, RecoveryService],
    };
  }
}
