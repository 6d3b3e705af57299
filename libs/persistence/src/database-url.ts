import { AppConfig } from '@app/config';
import { EmbeddedDatabase } from './embedded-postgres';

/**
 * The database to use: DATABASE_URL (the runtime role) and DATABASE_OWNER_URL (the schema owner, optional) when
 * set, else embedded PostgreSQL under the data folder (zero-setup), whose superuser owns the schema and whose
 * `assessment_app` role is the runtime role. `stop` leaves the embedded server (no-op for an external database).
 */
export async function resolveDatabase(
  config: AppConfig,
  log: (m: string) => void = () => undefined,
): Promise<{ url: string; ownerUrl?: string; embedded: boolean; stop: () => Promise<void> }> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, ownerUrl: config.databaseOwnerUrl, embedded: false, stop: async () => undefined };
  }
  const db = new EmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  const ownerUrl = await db.start();
  return { url: db.runtimeUrl, ownerUrl, embedded: true, stop: () => db.stop() };
}
