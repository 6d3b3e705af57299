import { Command } from '@nestjs/cqrs';
import type { Actor, YearRef } from '../refs';

/** Ends the publicity period (公示) once its last working day is over; the sweep sends it when due. */
export class EndPublicityCommand extends Command<{ state: string; openObjections: number }> {
  constructor(readonly actor: Actor, readonly ref: YearRef) {
    super();
  }
}
