import { Command } from '@nestjs/cqrs';
import type { Actor, YearRef } from '../refs';

export class SubmitForApprovalCommand extends Command<{ state: string }> {
  constructor(readonly actor: Actor, readonly ref: YearRef) {
    super();
  }
}
