import { Command } from '@nestjs/cqrs';
import type { Actor, StationYearRef } from '../refs';

export interface SelfAssessmentInput {
  /** item key → score as people write it ('9.5') */
  scores: Record<string, string | number>;
  /** item key → the station's justification of its score */
  justifications: Record<string, string>;
}

export class SaveDraftCommand extends Command<{ saved: true }> {
  constructor(readonly actor: Actor, readonly ref: StationYearRef, readonly input: SelfAssessmentInput) {
    super();
  }
}
