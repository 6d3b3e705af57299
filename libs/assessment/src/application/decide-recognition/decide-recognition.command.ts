import { Command } from '@nestjs/cqrs';
import type { Actor, StationYearRef } from '../refs';

export class DecideRecognitionCommand extends Command<{ recognitionId: string; status: 'verified' | 'refused' }> {
  constructor(
    readonly actor: Actor,
    readonly ref: StationYearRef,
    readonly recognitionId: string,
    readonly verified: boolean,
    readonly reason?: string,
  ) {
    super();
  }
}
