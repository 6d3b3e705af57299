// Progress of a long export, reported as a fraction in [0, 1] (export jobs forward it to the queue).

export type ProgressCallback = (fraction: number) => void | Promise<void>;

/** Writing rows is reported up to WRITE_SHARE; serialising the workbook takes the rest, then 1. */
const WRITE_SHARE = 0.9;
/** Report at most once per this many fractions of progress. */
const MIN_STEP = 0.01;

export class ProgressReporter {
  private done = 0;
  private lastReported = 0;

  constructor(
    private readonly onProgress: ProgressCallback | undefined,
    private readonly totalRows: number,
  ) {}

  async rowsWritten(count = 1): Promise<void> {
    if (!this.onProgress) return;
    this.done += count;
    const fraction = this.totalRows <= 0 ? WRITE_SHARE : Math.min(1, this.done / this.totalRows) * WRITE_SHARE;
    if (fraction - this.lastReported >= MIN_STEP) {
      this.lastReported = fraction;
      await this.onProgress(fraction);
    }
  }

  async finished(): Promise<void> {
    if (!this.onProgress) return;
    this.lastReported = 1;
    await this.onProgress(1);
  }
}

export interface ExportOptions {
  /** Called with a fraction in (0, 1] while rows are written and with 1 when the buffer is ready. */
  onProgress?: ProgressCallback;
  /** Time zone for instants shown as dates/times (default Asia/Shanghai). */
  timeZone?: string;
}
