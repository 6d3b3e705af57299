import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { ENTITIES } from './entities';
import { grantRuntimeRole, roleOfUrl } from './database-roles';

export interface DatabaseTimeouts {
  /** How long opening a connection may take (DATABASE_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /** Longest statement, 0 for none (DATABASE_STATEMENT_TIMEOUT_MS); migrations run without it. */
  statementTimeoutMs?: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: Required<DatabaseTimeouts> = { connectTimeoutMs: 5_000, statementTimeoutMs: 60_000 };

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}, timeouts: DatabaseTimeouts = {}): DataSourceOptions {
  const { connectTimeoutMs, statementTimeoutMs } = { ...DEFAULT_DATABASE_TIMEOUTS, ...timeouts };
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // a pool connection lost to a server restart is dropped and a new one opened on the next query (no restart of
    // the process); a connect that takes too long and a runaway statement fail instead of holding the request
    extra: {
      max: 20,
      application_name: 'station-assessment',
      connectionTimeoutMillis: connectTimeoutMs,
      ...(statementTimeoutMs > 0 ? { statement_timeout: statementTimeoutMs } : {}),
    },
    ...extra,
  } as DataSourceOptions;
}

/** Opens a DataSource and, unless told otherwise, brings the schema up to date. */
export async function openDataSource(url: string, { migrate = true, ...timeouts }: { migrate?: boolean } & DatabaseTimeouts = {}): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(url, {}, timeouts));
  await ds.initialize();
  if (migrate) await runMigrations(ds);
  return ds;
}

/**
 * Migrations under an advisory lock, so an API and N workers starting together migrate once; with `grantTo`, the
 * runtime role is then granted its privileges under the same lock.
 */
export async function runMigrations(
  ds: DataSource,
  { grantTo, queueSchema }: { grantTo?: string; queueSchema?: string } = {},
): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    // on this one connection, without the statement timeout: building an index on a big table may take long
    await runner.query('SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock(727274)');
    const executor = new MigrationExecutor(ds, runner);
    executor.transaction = 'each';
    const done = await executor.executePendingMigrations();
    if (grantTo) await grantRuntimeRole(runner, grantTo, { queueSchema });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(727274)').catch(() => undefined);
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}

export interface DatabaseConnections {
  /** The runtime connection (DATABASE_URL): what the application uses. */
  url: string;
  /** The owner's connection (DATABASE_OWNER_URL): migrations and grants; absent = the runtime role does both. */
  ownerUrl?: string;
}

/**
 * The application's DataSource, on the runtime connection, with the schema brought up to date first: by the
 * owner, who then grants the runtime role (DATABASE_URL's user) its privileges. Without an owner connection the
 * runtime role migrates (one role for both; `warn` is told, as it leaves the event store protected by triggers only).
 */
export async function openApplicationDataSource(
  { url, ownerUrl }: DatabaseConnections,
  { migrate = true, queueSchema, warn = (_m: string) => undefined, ...timeouts }:
    { migrate?: boolean; queueSchema?: string; warn?: (m: string) => void } & DatabaseTimeouts = {},
): Promise<DataSource> {
  const runtimeRole = roleOfUrl(url);
  if (!ownerUrl || roleOfUrl(ownerUrl) === runtimeRole) {
    warn(
      'one database role: the application connects as the schema owner, so the event store is protected by ' +
        'triggers only. Set DATABASE_OWNER_URL (the owner) and DATABASE_URL (a runtime role) to separate them.',
    );
    return openDataSource(url, { migrate, ...timeouts });
  }
  if (migrate) {
    const owner = await openDataSource(ownerUrl, { migrate: false });
    try {
      await runMigrations(owner, { grantTo: runtimeRole, queueSchema });
    } finally {
      await owner.destroy();
    }
  }
  return openDataSource(url, { migrate: false, ...timeouts });
}
