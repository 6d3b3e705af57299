import { Command } from '@nestjs/cqrs';
import type { Actor, StationYearRef } from '../refs';

export class ScoreItemCommand extends Command<{
  itemKey: string; tenths: number; previousTenths: number | null; suggestedTenths: number | null; departureReason: string | null;
}> {
  constructor(
    readonly actor: Actor,
    readonly ref: StationYearRef,
    /** The rubric part the caller may score (the route decides: command room → special, group → daily). */
    readonly partKey: string,
    readonly itemKey: string,
    readonly score: string | number,
    readonly comment?: string,
    /** Why the score differs from the suggested score (建议分), when it does. */
    readonly reason?: string,
  ) {
    super();
  }
}
