/**
 * What every process (api, worker, cli, tests) needs before Nest starts: the configuration, a database
 * (external or embedded, migrated), the queue backend, the clock. Built once, stopped once.
 */
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@app/config';
import { openDataSource, resolveDatabase, TransactionRunner } from '@app/persistence';
import { QueueBackend } from '@app/messaging';
import { Clock, systemClock } from './clock';

export interface Runtime {
  config: AppConfig;
  databaseUrl: string;
  embeddedDatabase: boolean;
  dataSource: DataSource;
  tx: TransactionRunner;
  queues: QueueBackend;
  clock: Clock;
  stop(): Promise<void>;
}

export async function startRuntime(
  { config = loadConfig(), clock = systemClock, log = (_m: string) => undefined }:
    { config?: AppConfig; clock?: Clock; log?: (m: string) => void } = {},
): Promise<Runtime> {
  const db = await resolveDatabase(config, log);
  let dataSource: DataSource | undefined;
  try {
    dataSource = await openDataSource(db.url, { migrate: true });
    const queues = new QueueBackend({ redisUrl: config.redisUrl, databaseUrl: db.url, prefix: config.queuePrefix });
    let stopped = false;
    return {
      config,
      databaseUrl: db.url,
      embeddedDatabase: db.embedded,
      dataSource,
      tx: new TransactionRunner(dataSource),
      queues,
      clock,
      async stop() {
        if (stopped) return;
        stopped = true;
        await queues.close();
        await dataSource!.destroy().catch(() => undefined);
        await db.stop();
      },
    };
  } catch (e) {
    await dataSource?.destroy().catch(() => undefined);
    await db.stop();
    throw e;
  }
}
