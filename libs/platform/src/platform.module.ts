import { DynamicModule, Global, Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@app/config';
import { TransactionRunner } from '@app/persistence';
import { QueueBackend } from '@app/messaging';
import { CLOCK } from './clock';
import type { Runtime } from './runtime';

export const RUNTIME = Symbol('RUNTIME');
const OWNS_RUNTIME = Symbol('OWNS_RUNTIME');

/** Makes the runtime's parts injectable everywhere: config, DataSource, TransactionRunner, QueueBackend, Clock. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(RUNTIME) private readonly runtime: Runtime,
    @Inject(OWNS_RUNTIME) private readonly ownsRuntime: boolean,
  ) {}

  /** With `ownsRuntime`, closing the app (SIGTERM via enableShutdownHooks) also stops queues and database. */
  static forRuntime(runtime: Runtime, { ownsRuntime = false } = {}): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: OWNS_RUNTIME, useValue: ownsRuntime },
        { provide: RUNTIME, useValue: runtime },
        { provide: APP_CONFIG, useValue: runtime.config },
        { provide: DataSource, useValue: runtime.dataSource },
        { provide: TransactionRunner, useValue: runtime.tx },
        { provide: QueueBackend, useValue: runtime.queues },
        { provide: CLOCK, useValue: runtime.clock },
      ],
      exports: [RUNTIME, APP_CONFIG, DataSource, TransactionRunner, QueueBackend, CLOCK],
    };
  }

  onApplicationBootstrap(): void {
    if (this.ownsRuntime) for (const w of this.runtime.warnings) new Logger('Database').warn(w);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ownsRuntime) await this.runtime.stop();
  }
}
