import { Command } from '@nestjs/cqrs';
import type { Actor, StationYearRef } from '../refs';

export class FinaliseScoresCommand extends Command<{ totalTenths: number }> {
  constructor(readonly actor: Actor, readonly ref: StationYearRef) {
    super();
  }
}
