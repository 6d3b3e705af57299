/**
 * The general request limit counted in the shared store in batches: a process takes several hits of a key's window at
 * once (one INCRBY of `batch`, one round trip) and hands them out to its next requests; most requests then need no
 * round trip at all. Every hit is counted in the store before it is used, so the processes together never let more
 * than the limit through. What a batch takes and its process does not use (another process's requests, or the
 * window ends) still counts: with P processes a client may be refused up to (P − 1) × (batch − 1) requests before
 * the limit. A batch is 1 near the limit (at most 1/64 of what is left of it, at most 32), so small limits stay
 * exact, and one process alone is always exact (it hands out its hits in order).
 */
import type { RateLimitStore, RateWindow } from './rate-limit-store';

/** Hits a process takes at once, at most. */
export const MAX_BATCH = 32;
/** A batch is at most this share of what is left of the limit in the window. */
const SHARE_OF_HEADROOM = 64;
/** Keys kept (a client address per route each); past this, windows already over are dropped. */
const MAX_KEYS = 50_000;

interface Allowance {
  /** The next hit number to hand out, and the last one taken from the store. */
  next: number;
  last: number;
  /** When the window ends (this process's clock, from the store's answer). */
  endsAt: number;
  /** A batch being taken: requests that find the allowance spent wait for it. */
  taking?: Promise<void>;
}

export class RequestAllowance {
  private readonly allowances = new Map<string, Allowance>();

  constructor(private readonly store: RateLimitStore, private readonly now: () => number = Date.now) {}

  /** Counts one request of the key's window: its number in the window (above `limit`: refused) and the time left. */
  async hit(key: string, windowMs: number, limit: number): Promise<RateWindow> {
    for (;;) {
      const a = this.allowances.get(key);
      const now = this.now();
      if (a && a.endsAt > now) {
        // over the limit already: the count only grows until the window ends, no need to ask the store
        if (a.next <= a.last || a.last > limit) return { hits: a.next <= a.last ? a.next++ : a.last + 1, resetMs: a.endsAt - now };
        if (a.taking) {
          await a.taking;
          continue;
        }
      }
      await this.take(key, windowMs, limit, a && a.endsAt > now ? a : undefined);
    }
  }

  private take(key: string, windowMs: number, limit: number, current: Allowance | undefined): Promise<void> {
    // the first batch of a window is 1: how much is left is not known yet
    const batch = current ? Math.max(1, Math.min(MAX_BATCH, Math.floor((limit - current.last) / SHARE_OF_HEADROOM))) : 1;
    // requests arriving meanwhile wait for this batch rather than take their own
    const waiting: Allowance = current ?? { next: 1, last: 0, endsAt: Infinity };
    if (!current) this.allowances.set(key, waiting);
    waiting.taking = this.store.add(key, windowMs, batch).then(
      (w) => {
        if (this.allowances.size >= MAX_KEYS) this.forgetEnded();
        this.allowances.set(key, { next: w.hits - batch + 1, last: w.hits, endsAt: this.now() + w.resetMs });
      },
      (e) => {
        waiting.taking = undefined;
        if (!current && this.allowances.get(key) === waiting) this.allowances.delete(key);
        throw e;
      },
    );
    return waiting.taking;
  }

  private forgetEnded(): void {
    const now = this.now();
    for (const [key, a] of this.allowances) if (a.endsAt <= now && !a.taking) this.allowances.delete(key);
    if (this.allowances.size >= MAX_KEYS) this.allowances.clear();
  }
}
