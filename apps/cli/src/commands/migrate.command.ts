import { runMigrations } from '@app/persistence';
import { CliCommand } from '../cli-command';
import { withDatabase } from '../cli-database';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Bring the database schema up to date (also done on every start)',
  async run() {
    const done = await withDatabase(runMigrations, { migrate: false });
    console.log(done.length ? `applied: ${done.join(', ')}` : 'schema is up to date');
  },
};
