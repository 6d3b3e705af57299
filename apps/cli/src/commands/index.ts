import { CliCommand } from '../cli-command';
import { migrateCommand } from './migrate.command';
import { createAdminCommand } from './create-admin.command';
import { rebuildProjectionsCommand } from './rebuild-projections.command';
import { importCommand } from './import.command';
import { demoCommand } from './demo.command';
import { openapiCommand } from './openapi.command';

/** Every subcommand of the CLI; a feature adds its command here. */
export const COMMANDS: CliCommand[] = [migrateCommand, createAdminCommand, importCommand, rebuildProjectionsCommand, demoCommand, openapiCommand];
