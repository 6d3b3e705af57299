/**
 * CPU milliseconds per command each process spent in a phase (this client, the named processes and the PostgreSQL
 * backends connected to the bench database), from /proc. On a small machine where all of them share the cores (and
 * other work runs beside them) that says where a command's cost goes better than wall time does, and it hardly
 * depends on the load. A backend's CPU counts from the sample before the phase (a backend that exits during a phase
 * is not counted; one that starts counts whole). BENCH_CPU=1 prints each lap.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 1000 / 100; // USER_HZ

function cpuOf(pid: number | string): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

function backendsOf(database: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmdline = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmdline.startsWith('postgres: ') && cmdline.includes(` ${database} `)) out.set(d, cpuOf(d));
    } catch {
      /* gone */
    }
  }
  return out;
}

export type CpuPerCommand = Record<string, number> & { total: number };

export function cpuMeter(pids: Record<string, number[]>, database: string) {
  const sample = () => ({
    client: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
    named: Object.fromEntries(Object.entries(pids).map(([k, list]) => [k, list.reduce((s, pid) => s + cpuOf(pid), 0)])),
    backends: backendsOf(database),
  });
  let last = sample();
  return {
    /** The phase since the last lap: CPU ms per command of each process kind and in all. */
    lap(label: string, commands: number): CpuPerCommand {
      const now = sample();
      let postgres = 0;
      for (const [pid, ms] of now.backends) postgres += ms - (last.backends.get(pid) ?? 0);
      const ms: Record<string, number> = { client: now.client - last.client, postgres };
      for (const k of Object.keys(pids)) ms[k] = now.named[k] - last.named[k];
      const per = Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, +(v / commands).toFixed(2)]));
      const out = { ...per, total: +(Object.values(ms).reduce((a, b) => a + b, 0) / commands).toFixed(2) } as CpuPerCommand;
      if (process.env.BENCH_CPU) console.error(`cpu ms per command, ${label}:`, out);
      last = now;
      return out;
    },
  };
}
