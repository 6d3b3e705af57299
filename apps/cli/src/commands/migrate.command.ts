import { loadConfig } from '@app/config';
import { openDataSource, resolveDatabase, runMigrations } from '@app/persistence';
import { CliCommand } from '../cli-command';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Bring the database schema up to date (also done on every start)',
  async run() {
    const config = loadConfig();
    const db = await resolveDatabase(config);
    try {
      const ds = await openDataSource(db.url, { migrate: false });
      const done = await runMigrations(ds);
      console.log(done.length ? `applied: ${done.join(', ')}` : 'schema is up to date');
      await ds.destroy();
    } finally {
      await db.stop();
    }
  },
};
