/** The built application (dist — `npm test` builds first) run as child processes, as an operator would. */
import { ChildProcess, execSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
export const DIST = {
  main: path.join(ROOT, 'dist/apps/main/src/main.js'),
  api: path.join(ROOT, 'dist/apps/api/src/main.js'),
  cli: path.join(ROOT, 'dist/apps/cli/src/main.js'),
};

export { freePort } from '@app/testing';

export interface Run {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a built entry point with only the given environment (plus PATH and HOME), its output captured. */
export function run(
  file: string, args: string[], env: Record<string, string>,
  { detached = false, stdin }: { detached?: boolean; stdin?: string } = {},
): Run {
  const child = spawn(process.execPath, [file, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), LOG_LEVEL: 'warn', ...env },
    detached, // its own process group, as a terminal gives it: Ctrl-C reaches the whole group
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  child.stdin!.end(stdin ?? '');
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => out, exit };
}

/** Waits until the server answers 200 on /health (it failing to start is reported with its output). */
export async function waitForHealth(base: string, server: Run, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (server.child.exitCode !== null) throw new Error(`the server exited early:\n${server.output()}`);
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the server did not answer /health in ${timeoutMs / 1000} s:\n${server.output()}`);
}

/** Builds dist unless it is newer than every source file (`npm test` has just built it). */
export function ensureBuilt(): void {
  const entry = path.join(ROOT, 'dist/apps/api/src/main.js');
  const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
  const newest = (dir: string): number => fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return Math.max(m, newest(p));
    return e.name.endsWith('.ts') ? Math.max(m, fs.statSync(p).mtimeMs) : m;
  }, 0);
  if (!built || Math.max(newest(path.join(ROOT, 'apps')), newest(path.join(ROOT, 'libs'))) > built) {
    execSync('npm run build', { cwd: ROOT, stdio: 'ignore' });
  }
}
