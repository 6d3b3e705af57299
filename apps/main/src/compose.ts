/**
 * The composition root: whole processes built from what the apps export. `npm start` (API + worker in one
 * process), the demo (apps/cli, through this app's index) and the end-to-end tests (test/support/app-factory.ts)
 * use it; no other app imports another app (checked by .dependency-cruiser.js).
 */
import { INestApplication } from '@nestjs/common';
import type { Runtime } from '@app/platform';
import { createApiApp } from '../../api/src/index';
import { WorkerModule } from '../../worker/src/index';

export interface ComposeOptions {
  logs?: boolean;
  ownsRuntime?: boolean;
  /** Run the worker's processors in the same process. */
  withWorker?: boolean;
  /** More modules for the app (tests add the worker's notices module to sweep on their own clock). */
  modules?: any[];
}

export function createApp(runtime: Runtime, { withWorker = false, modules = [], ...rest }: ComposeOptions = {}): Promise<INestApplication> {
  return createApiApp(runtime, { ...rest, modules: [...(withWorker ? [WorkerModule.forRuntime(runtime, { nested: true })] : []), ...modules] });
}
