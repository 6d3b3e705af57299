import { Command } from '@nestjs/cqrs';
import type { SpecialMonth } from '@app/policy';
import type { Actor, YearRef } from '../refs';

/** One station-month of the four-platform system's export, as read from the file (row = the spreadsheet's row). */
export interface ImportedMonth {
  row: number;
  /** The station, by name. */
  station: string;
  month: number;
  data: SpecialMonth;
}

/**
 * Imports the four-platform monthly data of many stations at once: all rows or none. A (station, month) already
 * recorded is replaced as a correction, which needs the reason; each row becomes a MonthRecorded event like one
 * typed in. `problems` are the file's own (unreadable cells), reported together with the rows' problems.
 */
export class ImportMonthsCommand extends Command<{ imported: number; corrections: number }> {
  constructor(
    readonly actor: Actor,
    readonly ref: YearRef,
    readonly rows: ImportedMonth[],
    readonly problems: { field: string; reason: string }[] = [],
    readonly reason?: string,
    /** The file's column header of each field path of the data (`workOrders.onTime` → 按时办结数), for the problems. */
    readonly headers: Record<string, string> = {},
  ) {
    super();
  }
}
