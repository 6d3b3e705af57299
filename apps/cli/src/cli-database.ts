import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { DatabaseConnections, openApplicationDataSource, openDataSource, resolveDatabase } from '@app/persistence';

/**
 * Runs an operator command against the configured database (embedded when DATABASE_URL is unset): as the runtime
 * role, the schema brought up to date first by the owner (DATABASE_OWNER_URL, or the embedded superuser); with
 * `asOwner`, on the owner's connection itself (migrations).
 */
export async function withDatabase<T>(
  work: (ds: DataSource, db: DatabaseConnections) => Promise<T>,
  { migrate = true, asOwner = false } = {},
): Promise<T> {
  const db = await resolveDatabase(loadConfig());
  try {
    const ds = asOwner
      ? await openDataSource(db.ownerUrl ?? db.url, { migrate: false })
      : await openApplicationDataSource(db, { migrate, warn: (m) => console.warn(`warning: ${m}`) });
    try {
      return await work(ds, db);
    } finally {
      await ds.destroy();
    }
  } finally {
    await db.stop();
  }
}
