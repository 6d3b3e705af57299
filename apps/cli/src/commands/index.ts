import { CliCommand } from '../cli-command';
import { migrateCommand } from './migrate.command';

/** Every subcommand of the CLI; a feature adds its command here. */
export const COMMANDS: CliCommand[] = [migrateCommand];
