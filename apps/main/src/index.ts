/** What apps/main exports: the composed application, and the sweep (the demo runs it on its simulated clock). */
export { createApp, type ComposeOptions } from './compose';
export { NoticesWorkerModule, SweepService, type SweepReport } from '../../worker/src/index';
