import { Command } from '@nestjs/cqrs';
import type { Actor, StationYearRef } from '../refs';

/** special: four-platform data (meetings, work orders, complaints, satisfaction); daily: daily-management deductions. */
export type RecordSection = 'special' | 'daily';

export class RecordMonthCommand extends Command<{ month: number; correction: boolean }> {
  constructor(
    readonly actor: Actor,
    readonly ref: StationYearRef,
    readonly month: number,
    readonly section: RecordSection,
    readonly data: Record<string, unknown>,
    readonly reason?: string,
  ) {
    super();
  }
}
