import { Command } from '@nestjs/cqrs';
import type { Actor, YearRef } from '../refs';

export class ApproveResultsCommand extends Command<{ state: string; publicityUntil: string | null }> {
  constructor(readonly actor: Actor, readonly ref: YearRef, readonly reason?: string) {
    super();
  }
}
