import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConfig } from '@app/config';
import { startRuntime } from '@app/platform';
import { createApp } from '../../../main/src/index';
import { CliCommand } from '../cli-command';

/**
 * Writes the OpenAPI document the running API serves at /docs-json (the web console's typed client is generated
 * from it: `npm run api:schema`). Starts the API on a free local port against the configured database.
 */
export const openapiCommand: CliCommand = {
  name: 'openapi',
  summary: 'Write the OpenAPI document the API serves (/docs-json) to a file',
  usage: 'openapi <file.json>',
  async run({ positional }) {
    const file = positional[0];
    if (!file) throw new Error('usage: openapi <file.json>');
    const config = { ...loadConfig(), logLevel: 'error' as const, sweepScheduler: false };
    const runtime = await startRuntime({ config });
    const app = await createApp(runtime, { logs: false, ownsRuntime: true });
    try {
      await app.listen(0, '127.0.0.1');
      const res = await fetch(`${await app.getUrl()}/docs-json`);
      if (!res.ok) throw new Error(`/docs-json answered ${res.status}`);
      fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(await res.json(), null, 2) + '\n');
      console.log(`OpenAPI document written to ${file}`);
    } finally {
      await app.close();
    }
  },
};
