/**
 * What every process (api, worker, cli, tests) needs before Nest starts: the configuration, a database
 * (external or embedded, migrated), the queue backend, the clock. Built once, stopped once.
 */
import { DataSource } from 'typeorm';
import { AppConfig, loadConfig } from '@app/config';
import { openApplicationDataSource, resolveDatabase, TransactionRunner } from '@app/persistence';
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
  /** What the start-up log should warn about (e.g. one database role for owner and runtime). */
  warnings: string[];
  stop(): Promise<void>;
}

/** The PostgreSQL queue backend's schema for a queue prefix (as QueueBackend names it). */
const queueSchemaOf = (prefix: string) => `${prefix.replace(/-/g, '_')}_queues`;

export async function startRuntime(
  { config = loadConfig(), clock = systemClock, log = (_m: string) => undefined }:
    { config?: AppConfig; clock?: Clock; log?: (m: string) => void } = {},
): Promise<Runtime> {
  const db = await resolveDatabase(config, log);
  let dataSource: DataSource | undefined;
  try {
    const warnings: string[] = [];
    dataSource = await openApplicationDataSource(db, {
      migrate: true,
      queueSchema: config.redisUrl ? undefined : queueSchemaOf(config.queuePrefix),
      warn: (m) => warnings.push(m),
      connectTimeoutMs: config.databaseConnectTimeoutMs,
      statementTimeoutMs: config.databaseStatementTimeoutMs,
    });
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
      warnings,
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
