/**
 * The whole-set overview's grand totals kept per year and per process, so that serving the overview stays flat as
 * the deployment grows. What is kept are the summed counters (per policy version), never the derived figures:
 * those are derived at each request's `now`, so the time-dependent ones (overdue, months due) stay exact.
 *
 * - A year whose last sum counted fewer than `cacheFrom` subdistricts is summed at every request (exact).
 * - From `cacheFrom` on, sums younger than `maxAgeMs` are served as they are; older ones are served at once while
 *   one re-sum per year runs in the background (a failed re-sum keeps the old sums; the next request tries again).
 * - With no sums yet (a new process), the request waits for its own sum.
 *
 * Framework-free: the caller passes the summing function, the request's time and what to do with an error.
 */

export interface CountedTotals<G> {
  /** The summed counters, one group per policy version. */
  groups: G[];
  /** How many subdistricts were summed. */
  subdistricts: number;
  /** The time of the request that started the sum (the application clock). */
  countedAt: Date;
}

export interface OverviewTotalsCachePolicy {
  /** From this many subdistricts of a year on, the sums are kept; below, every request sums. */
  cacheFrom: number;
  /** Kept sums at least this old are re-summed in the background (and served meanwhile). */
  maxAgeMs: number;
}

export type SumTotals<G> = (year: number) => Promise<{ groups: G[]; subdistricts: number }>;

export class OverviewTotalsCache<G> {
  /** Per year the sums kept, with the order their sum started in (sums may overlap below the threshold: the one started last is kept, whatever the clock says). */
  private readonly kept = new Map<number, { counted: CountedTotals<G>; started: number }>();
  private readonly summing = new Map<number, Promise<CountedTotals<G>>>();
  private started = 0;

  constructor(
    private readonly policy: OverviewTotalsCachePolicy,
    private readonly sum: SumTotals<G>,
    private readonly onBackgroundError: (year: number, error: unknown) => void,
  ) {}

  /** The year's totals for a request made at `now`. */
  async totals(year: number, now: Date): Promise<CountedTotals<G>> {
    const kept = this.kept.get(year)?.counted;
    // small (or not yet known to be large): this request sums on its own, so its totals are as of `now`
    if (!kept || kept.subdistricts < this.policy.cacheFrom) return this.sumAndKeep(year, now);
    const age = now.getTime() - kept.countedAt.getTime();
    // a clock set back (tests) makes the sums look younger than nothing: re-summed like old ones
    if ((age < 0 || age >= this.policy.maxAgeMs) && !this.summing.has(year)) this.resumInBackground(year, now);
    return kept;
  }

  /** Resolves once no sum is running (tests and benchmarks wait for a background re-sum with it). */
  async settled(): Promise<void> {
    while (this.summing.size) await Promise.allSettled([...this.summing.values()]);
  }

  /** The one re-sum of the year (the caller checked none is running); a failure is reported, the old sums stay. */
  private resumInBackground(year: number, now: Date): void {
    const pending = this.sumAndKeep(year, now).finally(() => this.summing.delete(year));
    this.summing.set(year, pending);
    pending.catch((e) => this.onBackgroundError(year, e));
  }

  private async sumAndKeep(year: number, now: Date): Promise<CountedTotals<G>> {
    const started = ++this.started;
    const { groups, subdistricts } = await this.sum(year);
    const counted = { groups, subdistricts, countedAt: now };
    if (started > (this.kept.get(year)?.started ?? 0)) this.kept.set(year, { counted, started });
    return counted;
  }
}
