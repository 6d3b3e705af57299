/**
 * The processes of a fault run: API and worker processes from the built dist (`node dist/apps/…/main.js`), started,
 * SIGKILLed and started again, on a PostgreSQL cluster and a Redis server of the run's own.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from '@app/testing';

export const ROOT = path.resolve(__dirname, '../..');

export class NodeProcess {
  child?: ChildProcess;
  starts = 0;
  readonly output: string[] = [];

  constructor(readonly name: string, private readonly main: string, private readonly env: Record<string, string>, readonly port?: number) {}

  start(): void {
    this.starts++;
    this.child = spawn(process.execPath, [path.join(ROOT, this.main)], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, ...(this.port ? { PORT: String(this.port) } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (b: Buffer) => {
      this.output.push(b.toString());
      if (this.output.length > 400) this.output.shift();
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
  }

  /** SIGKILL: no shutdown hook runs, connections and in-flight work are cut. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const exited = new Promise((r) => child.once('exit', r));
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Waits until the API answers /health at all (200 or 503: the process is up). */
  async ready(timeoutMs = 180_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (this.child && (this.child.exitCode !== null || this.child.signalCode !== null)) {
        throw new Error(`${this.name} exited during start:\n${this.output.join('')}`);
      }
      const ok = await fetch(`http://127.0.0.1:${this.port}/health`, { signal: AbortSignal.timeout(2_000) }).then(() => true, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.name} did not answer within ${timeoutMs} ms:\n${this.output.join('')}`);
  }
}

export async function apiProcess(name: string, env: Record<string, string>): Promise<NodeProcess> {
  return new NodeProcess(name, 'dist/apps/api/src/main.js', env, await freePort());
}

export function workerProcess(name: string, env: Record<string, string>): NodeProcess {
  return new NodeProcess(name, 'dist/apps/worker/src/main.js', env);
}
