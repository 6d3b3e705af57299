import { rebuildProjections } from '@app/assessment';
import { CliCommand } from '../cli-command';
import { withDatabase } from '../cli-database';

/** Replays the event store into the read models in one transaction (readers see the old ones until it commits). */
export const rebuildProjectionsCommand: CliCommand = {
  name: 'rebuild-projections',
  summary: 'Rebuild every projection (read model) from the event store',
  async run() {
    const started = Date.now();
    const events = await withDatabase((ds) => ds.transaction((tx) => rebuildProjections(tx)));
    const seconds = (Date.now() - started) / 1000;
    console.log(`replayed ${events} events in ${seconds.toFixed(2)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s)`);
  },
};
