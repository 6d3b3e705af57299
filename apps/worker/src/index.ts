/** What the worker app exports for composition (apps/main): the worker module, and the sweep for runs on a simulated clock. */
export { WorkerModule } from './worker.module';
export { NoticesWorkerModule } from './notices/notices-worker.module';
export { SweepService, type SweepReport } from './notices/sweep.service';
export { DeliveryService } from './notices/delivery.service';
