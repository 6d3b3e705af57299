import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ModuleRef } from '@nestjs/core';
import { PlatformModule, Runtime } from '@app/platform';
import { OutboxRelayService } from './outbox-relay.service';
import { PROCESSORS, QueueWorkersService } from './queue-workers.service';
import { PROCESSOR_CLASSES, WORKER_FEATURE_MODULES } from './processors';

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
        QueueWorkersService,
        ...PROCESSOR_CLASSES,
        {
          provide: PROCESSORS,
          inject: [ModuleRef],
          useFactory: (ref: ModuleRef) => PROCESSOR_CLASSES.map((c) => ref.get(c, { strict: false })),
        },
      ],
      exports: [OutboxRelayService],
    };
  }
}
