import { Command } from '@nestjs/cqrs';
import type { Actor, YearRef } from '../refs';

/**
 * Sent by the deadline job at 1 January 00:00 (local): every station that has not submitted becomes overdue,
 * and so does every station whose extension has run out.
 */
export class PassDeadlineCommand extends Command<{ overdue: string[] }> {
  constructor(readonly actor: Actor, readonly ref: YearRef) {
    super();
  }
}
