import { Command } from '@nestjs/cqrs';
import type { Actor, YearRef } from '../refs';

export class OpenYearCommand extends Command<{ assessmentYearId: string; policyVersion: string; stations: number }> {
  constructor(readonly actor: Actor, readonly ref: YearRef, readonly policyVersion?: string) {
    super();
  }
}
