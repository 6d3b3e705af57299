/**
 * Every migration of the application, in order. A module that owns tables adds its migration class here,
 * named <timestamp>-<what>.ts, so one list drives `migrate` on start, in the CLI and in tests.
 */
import { Foundation1764300000000 } from './1764300000000-foundation';

export const MIGRATIONS = [Foundation1764300000000];
