import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadConfig, ConfigError } from '@app/config';
import { EmbeddedPostgresError } from '@app/persistence';
import { closeOnSignals, loggerModule, startRuntime } from '@app/platform';
import { WorkerModule } from './worker.module';

/** The worker alone: outbox relay, sweep, deliveries, exports. Run as many as needed. */
async function main() {
  const config = loadConfig();
  const runtime = await startRuntime({ config });
  const app = await NestFactory.createApplicationContext(
    { module: class WorkerApp {}, imports: [WorkerModule.forRuntime(runtime, { ownsRuntime: true }), loggerModule(config.logLevel)] },
    { bufferLogs: true },
  );
  app.useLogger(app.get(Logger));
  closeOnSignals(app);
  await app.init();
}

main().catch((e) => {
  console.error(e instanceof ConfigError || e instanceof EmbeddedPostgresError ? e.message : e);
  process.exit(1);
});
