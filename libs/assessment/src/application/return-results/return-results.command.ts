import { Command } from '@nestjs/cqrs';
import type { Actor, YearRef } from '../refs';

/** Returns the whole table, or one station when `stationId` is given, to scoring with a reason. */
export class ReturnResultsCommand extends Command<{ state: string; stations: number }> {
  constructor(readonly actor: Actor, readonly ref: YearRef, readonly reason: string, readonly stationId?: string) {
    super();
  }
}
