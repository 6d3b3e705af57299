import type { RateLimitStore, RateWindow } from './rate-limit-store';
import { MAX_BATCH, RequestAllowance } from './request-allowance';

/** A fixed-window counter as the shared store keeps it, counting its round trips. */
class CountingStore implements RateLimitStore {
  trips = 0;
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();
  constructor(private readonly clock: { now: number }) {}
  async add(key: string, windowMs: number, by = 1): Promise<RateWindow> {
    this.trips++;
    await new Promise((r) => setImmediate(r));
    let w = this.windows.get(key);
    if (!w || w.endsAt <= this.clock.now) this.windows.set(key, (w = { hits: 0, endsAt: this.clock.now + windowMs }));
    w.hits += by;
    return { hits: w.hits, resetMs: w.endsAt - this.clock.now };
  }
  async close() {}
}

const allowed = (ws: RateWindow[], limit: number) => ws.filter((w) => w.hits <= limit).length;

describe('RequestAllowance', () => {
  it('one process is exact: the limit and not one more, numbered in order, with few round trips', async () => {
    const clock = { now: 0 };
    const store = new CountingStore(clock);
    const a = new RequestAllowance(store, () => clock.now);
    const ws: RateWindow[] = [];
    for (let i = 0; i < 12_000; i++) ws.push(await a.hit('k', 60_000, 10_000));
    expect(allowed(ws, 10_000)).toBe(10_000);
    expect(ws.slice(0, 10_000).map((w) => w.hits)).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    expect(store.trips).toBeLessThan(10_000 / 10);
  });

  it('concurrent requests share a batch; several processes never let more than the limit through', async () => {
    const clock = { now: 0 };
    const store = new CountingStore(clock);
    const processes = [new RequestAllowance(store, () => clock.now), new RequestAllowance(store, () => clock.now), new RequestAllowance(store, () => clock.now)];
    const limit = 5_000;
    const ws = await Promise.all(Array.from({ length: 8_000 }, (_, i) => processes[i % 3].hit('k', 60_000, limit)));
    const n = allowed(ws, limit);
    expect(n).toBeLessThanOrEqual(limit);
    expect(n).toBeGreaterThanOrEqual(limit - (processes.length - 1) * (MAX_BATCH - 1));
    expect(store.trips).toBeLessThan(8_000 / 4);
  });

  it('a small limit is counted one by one (exact across processes); a new window starts afresh', async () => {
    const clock = { now: 0 };
    const store = new CountingStore(clock);
    const [p, q] = [new RequestAllowance(store, () => clock.now), new RequestAllowance(store, () => clock.now)];
    const ws: RateWindow[] = [];
    for (let i = 0; i < 50; i++) ws.push(await (i % 2 ? p : q).hit('k', 60_000, 40));
    expect(allowed(ws, 40)).toBe(40);
    expect(ws[45].resetMs).toBeGreaterThan(0);
    clock.now += 60_000;
    expect((await p.hit('k', 60_000, 40)).hits).toBe(1);
  });

  it('a failed round trip fails the requests waiting for it; the next one tries again', async () => {
    let fail = true;
    const store: RateLimitStore = {
      add: async () => {
        if (fail) throw new Error('store down');
        return { hits: 1, resetMs: 1000 };
      },
      close: async () => undefined,
    };
    const a = new RequestAllowance(store);
    await expect(Promise.all([a.hit('k', 1000, 10), a.hit('k', 1000, 10)])).rejects.toThrow('store down');
    fail = false;
    await expect(a.hit('k', 1000, 10)).resolves.toEqual({ hits: 1, resetMs: expect.any(Number) });
  });
});
