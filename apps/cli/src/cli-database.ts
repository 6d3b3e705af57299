import { DataSource } from 'typeorm';
import { loadConfig } from '@app/config';
import { openDataSource, resolveDatabase } from '@app/persistence';

/** Runs an operator command against the configured database (embedded when DATABASE_URL is unset). */
export async function withDatabase<T>(work: (ds: DataSource) => Promise<T>, { migrate = true } = {}): Promise<T> {
  const db = await resolveDatabase(loadConfig());
  try {
    const ds = await openDataSource(db.url, { migrate });
    try {
      return await work(ds);
    } finally {
      await ds.destroy();
    }
  } finally {
    await db.stop();
  }
}
