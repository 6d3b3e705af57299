/** A clock tests move by hand: `now()` is whatever they set. */
export class FakeClock {
  private current: Date;
  constructor(start: Date | string = '2026-01-01T00:00:00+08:00') {
    this.current = new Date(start);
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
