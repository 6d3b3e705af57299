import { roleOfUrl, runMigrations } from '@app/persistence';
import { CliCommand } from '../cli-command';
import { withDatabase } from '../cli-database';

export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'Bring the database schema up to date as its owner and grant the runtime role (also done on every start)',
  async run() {
    const done = await withDatabase(
      (ds, db) => {
        const runtimeRole = roleOfUrl(db.url);
        const separate = db.ownerUrl !== undefined && roleOfUrl(db.ownerUrl) !== runtimeRole;
        return runMigrations(ds, separate ? { grantTo: runtimeRole } : {});
      },
      { asOwner: true },
    );
    console.log(done.length ? `applied: ${done.join(', ')}` : 'schema is up to date');
  },
};
