import { Command } from '@nestjs/cqrs';
import type { Actor, YearRef } from '../refs';

/** Upheld → the station goes back to scoring; dismissed → with the reason given. */
export class AnswerObjectionCommand extends Command<{ objectionId: string; status: 'upheld' | 'dismissed' }> {
  constructor(readonly actor: Actor, readonly ref: YearRef, readonly objectionId: string, readonly upheld: boolean, readonly reason: string) {
    super();
  }
}
