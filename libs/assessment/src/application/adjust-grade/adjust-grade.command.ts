import { Command } from '@nestjs/cqrs';
import type { GradeKey } from '@app/policy';
import type { Actor, StationYearRef } from '../refs';

/** Sets one staff member's grade (考核等次) at an independent station, with a reason. */
export class AdjustGradeCommand extends Command<{ staffId: string; grade: GradeKey }> {
  constructor(readonly actor: Actor, readonly ref: StationYearRef, readonly staffId: string, readonly grade: GradeKey, readonly reason: string) {
    super();
  }
}
