import { AppConfig } from '@app/config';
import { EmbeddedDatabase } from './embedded-postgres';

/**
 * The database to use: DATABASE_URL when set, else embedded PostgreSQL under the data folder (zero-setup).
 * `stop` shuts the embedded server down (no-op for an external database).
 */
export async function resolveDatabase(
  config: AppConfig,
  log: (m: string) => void = () => undefined,
): Promise<{ url: string; embedded: boolean; stop: () => Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  const db = new EmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
  const url = await db.start();
  return { url, embedded: true, stop: () => db.stop() };
}
