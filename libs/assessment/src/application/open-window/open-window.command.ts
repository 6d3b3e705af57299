import { Command } from '@nestjs/cqrs';
import type { Actor, YearRef } from '../refs';

export class OpenWindowCommand extends Command<{ stations: number; deadline: string }> {
  constructor(readonly actor: Actor, readonly ref: YearRef) {
    super();
  }
}
