import { loadConfig, ConfigError } from '@app/config';
import { EmbeddedPostgresError } from '@app/persistence';
import { closeOnSignals, startRuntime } from '@app/platform';
import { createApp } from './compose';

/**
 * `npm start`: the API and the worker in one process. With no DATABASE_URL it starts embedded PostgreSQL
 * under the data folder; with no REDIS_URL the queues run on PostgreSQL. Nothing to install.
 */
async function main() {
  const config = loadConfig();
  const runtime = await startRuntime({ config });
  const app = await createApp(runtime, { ownsRuntime: true, withWorker: true });
  closeOnSignals(app);
  await app.listen(config.port, '0.0.0.0');
  console.log(
    `派驻机构考核 · station assessment listening on http://localhost:${config.port} (API docs: /docs) — ` +
      `database: ${runtime.embeddedDatabase ? 'embedded PostgreSQL in ' + config.dataDir : 'external'}, ` +
      `queues: ${runtime.queues.kind}`,
  );
}

main().catch((e) => {
  console.error(e instanceof ConfigError || e instanceof EmbeddedPostgresError ? e.message : e);
  process.exit(1);
});
