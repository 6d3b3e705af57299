import { CliCommand } from '../cli-command';
import { migrateCommand } from './migrate.command';
import { createAdminCommand } from './create-admin.command';

/** Every subcommand of the CLI; a feature adds its command here. */
export const COMMANDS: CliCommand[] = [migrateCommand, createAdminCommand];
