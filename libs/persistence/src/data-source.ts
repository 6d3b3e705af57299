import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { ENTITIES } from './entities';
import { grantRuntimeRole, roleOfUrl } from './database-roles';

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: 20, application_name: 'station-assessment' },
    ...extra,
  } as DataSourceOptions;
}

/** Opens a DataSource and, unless told otherwise, brings the schema up to date. */
export async function openDataSource(url: string, { migrate = true } = {}): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(url));
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
    await runner.query('SELECT pg_advisory_lock(727274)');
    const done = await ds.runMigrations({ transaction: 'each' });
    if (grantTo) await grantRuntimeRole(runner, grantTo, { queueSchema });
    return done.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock(727274)').catch(() => undefined);
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
  { migrate = true, queueSchema, warn = (_m: string) => undefined }: { migrate?: boolean; queueSchema?: string; warn?: (m: string) => void } = {},
): Promise<DataSource> {
  const runtimeRole = roleOfUrl(url);
  if (!ownerUrl || roleOfUrl(ownerUrl) === runtimeRole) {
    warn(
      'one database role: the application connects as the schema owner, so the event store is protected by ' +
        'triggers only. Set DATABASE_OWNER_URL (the owner) and DATABASE_URL (a runtime role) to separate them.',
    );
    return openDataSource(url, { migrate });
  }
  if (migrate) {
    const owner = await openDataSource(ownerUrl, { migrate: false });
    try {
      await runMigrations(owner, { grantTo: runtimeRole, queueSchema });
    } finally {
      await owner.destroy();
    }
  }
  return openDataSource(url, { migrate: false });
}
