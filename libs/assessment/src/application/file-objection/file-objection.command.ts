import { Command } from '@nestjs/cqrs';
import type { Actor, StationYearRef } from '../refs';

/** An objection to a published result (公示期异议), about one station. */
export class FileObjectionCommand extends Command<{ objectionId: string }> {
  constructor(readonly actor: Actor, readonly ref: StationYearRef, readonly text: string) {
    super();
  }
}
