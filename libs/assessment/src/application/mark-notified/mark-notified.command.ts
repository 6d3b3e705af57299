import { Command } from '@nestjs/cqrs';
import type { Actor, StationYearRef } from '../refs';

/**
 * Sent by the delivery worker when every delivery of a station's three 抄告 notices is delivered:
 * ALL_NOTICES_DELIVERED moves the station year from released to notified. A no-op when it is not (or no longer)
 * in released, so a duplicate from two deliveries finishing together changes nothing.
 */
export class MarkNotifiedCommand extends Command<{ changed: boolean; state: string }> {
  constructor(readonly actor: Actor, readonly ref: StationYearRef) {
    super();
  }
}
