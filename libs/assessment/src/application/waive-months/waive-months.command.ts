import { Command } from '@nestjs/cqrs';
import type { Actor, StationYearRef } from '../refs';

/**
 * A coordinator waives (豁免) months of a station's records with a reason, e.g. a station set up in March has no
 * January or February: a waived month counts as recorded for the compute guard, and the event keeps who and why.
 */
export class WaiveMonthsCommand extends Command<{ months: number[] }> {
  constructor(readonly actor: Actor, readonly ref: StationYearRef, readonly months: number[], readonly reason: string) {
    super();
  }
}
