import { Command } from '@nestjs/cqrs';
import type { Actor, StationYearRef } from '../refs';

export class GrantExtensionCommand extends Command<{ extendedUntil: string }> {
  /** `until` is a calendar date ('YYYY-MM-DD'): the station may submit until the end of that day, local time. */
  constructor(readonly actor: Actor, readonly ref: StationYearRef, readonly until: string, readonly reason: string) {
    super();
  }
}
