import { loadConfig, ConfigError } from '@app/config';
import { EmbeddedPostgresError } from '@app/persistence';
import { closeOnSignals, startRuntime } from '@app/platform';
import { createApiApp } from './bootstrap';

/** The API alone (production: run N of these behind a proxy, and the worker apart). */
async function main() {
  const config = loadConfig();
  const runtime = await startRuntime({ config });
  const app = await createApiApp(runtime, { ownsRuntime: true });
  closeOnSignals(app);
  await app.listen(config.port, '0.0.0.0');
}

main().catch((e) => {
  console.error(e instanceof ConfigError || e instanceof EmbeddedPostgresError ? e.message : e);
  process.exit(1);
});
