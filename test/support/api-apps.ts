/** Several API processes' apps on one database (and Redis, when the env names one), as N processes behind a proxy. */
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { Runtime, startRuntime } from '@app/platform';
import { createApiApp } from '../../apps/api/src/bootstrap';

export interface ApiApps {
  apps: INestApplication[];
  close(): Promise<void>;
}

export async function startApiApps(env: Record<string, string>, count = 2): Promise<ApiApps> {
  const runtimes: Runtime[] = [];
  const apps: INestApplication[] = [];
  for (let i = 0; i < count; i++) {
    const runtime = await startRuntime({ config: loadConfig(env) });
    runtimes.push(runtime);
    const app = await createApiApp(runtime, { logs: false });
    await app.init();
    apps.push(app);
  }
  return {
    apps,
    async close() {
      for (const app of apps) await app.close();
      for (const r of runtimes) await r.stop();
    },
  };
}
