/**
 * Every migration of the application, in order. A module that owns tables adds its migration class here,
 * named <timestamp>-<what>.ts, so one list drives `migrate` on start, in the CLI and in tests.
 */
import { Foundation1764300000000 } from './1764300000000-foundation';
import { MasterData1764300000100 } from './1764300000100-master-data';

export const MIGRATIONS: Function[] = [Foundation1764300000000, MasterData1764300000100];
