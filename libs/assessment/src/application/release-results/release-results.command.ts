import { Command } from '@nestjs/cqrs';
import type { Actor, YearRef } from '../refs';

export class ReleaseResultsCommand extends Command<{ state: string; stations: number }> {
  constructor(readonly actor: Actor, readonly ref: YearRef, readonly reason?: string) {
    super();
  }
}
