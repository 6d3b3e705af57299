/** A step list for the terminal: each step prints ✔ with its duration, or ✘ with the error. */
export class Steps {
  private count = 0;
  constructor(private readonly out: (line: string) => void = (l) => process.stdout.write(l + '\n'), private readonly total = 0) {}

  async step<T>(label: string, work: () => Promise<T>): Promise<T> {
    this.count++;
    const started = Date.now();
    const n = this.total ? `[${String(this.count).padStart(2)}/${this.total}]` : `[${this.count}]`;
    try {
      const result = await work();
      this.out(`  ✔ ${n} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return result;
    } catch (e) {
      this.out(`  ✘ ${n} ${label}: ${(e as Error).message}`);
      throw e;
    }
  }
}
