/**
 * One database per test file, created fresh and migrated, dropped afterwards. Refuses to run against a
 * server URL that is not meant for tests unless TEST_DATABASE_URL says so explicitly.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ensureLoginRole, grantRuntimeRole, openDataSource } from '@app/persistence';

export function serverUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (test/global-setup.ts)');
  return url;
}

export interface TestDatabase {
  /** The server's (super)user on this database: the schema owner in tests, free to set up anything. */
  url: string;
  /** The runtime role on this database (TEST_RUNTIME_ROLE, default sa_test_runtime): what the application uses. */
  runtimeUrl: string;
  name: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = '/' + name;
  return u.toString();
}

/** The runtime role of the tests; roles are cluster-wide, so one name serves every test database. */
export function testRuntimeRole(): string {
  return process.env.TEST_RUNTIME_ROLE || 'sa_test_runtime';
}

function asRuntimeRole(url: string): string {
  const u = new URL(url);
  u.username = testRuntimeRole();
  u.password = testRuntimeRole(); // for a server that asks (the embedded fallback); the local one trusts
  return u.toString();
}

let roleReady: Promise<void> | undefined;
/** Creates the runtime role once per process (idempotent across parallel test processes). */
function ensureTestRuntimeRole(admin: Client): Promise<void> {
  return (roleReady ??= ensureLoginRole(admin, testRuntimeRole(), testRuntimeRole()).catch((e) => {
    roleReady = undefined;
    throw e;
  }));
}

/**
 * One fresh database per test file, cloned (`CREATE DATABASE … TEMPLATE`) from a migrated template built once per
 * set of migrations (its name carries a hash of the migration sources): a file does not pay for every migration.
 */
export async function createTestDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  const name = `test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    await ensureTestRuntimeRole(admin);
    if (migrate) await admin.query(`CREATE DATABASE ${name} TEMPLATE ${await migratedTemplate(admin)}`);
    else await admin.query(`CREATE DATABASE ${name}`);
    // database-level privileges are not copied from the template (table privileges are)
    await admin.query(`GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${name} TO ${testRuntimeRole()}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl(), name);
  const dataSource = await openDataSource(url, { migrate });
  return {
    url,
    runtimeUrl: asRuntimeRole(url),
    name,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const c = new Client({ connectionString: serverUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function migratedTemplate(admin: Client): Promise<string> {
  const dir = path.resolve(__dirname, '../../persistence/src/migrations');
  const hash = createHash('sha256');
  for (const f of fs.readdirSync(dir).sort()) hash.update(f).update(fs.readFileSync(path.join(dir, f)));
  // the runtime role's grants are part of the template too
  hash.update(testRuntimeRole()).update(fs.readFileSync(['ts', 'js'].map((ext) => path.resolve(__dirname, `../../persistence/src/database-roles.${ext}`)).find((f) => fs.existsSync(f))!));
  const template = `test_tpl_${hash.digest('hex').slice(0, 16)}`;
  await admin.query(`SELECT pg_advisory_lock(hashtext($1))`, [template]);
  try {
    if (!(await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [template])).rowCount) {
      const building = `${template}_b${randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE ${building}`);
      const ds = await openDataSource(withDatabase(serverUrl(), building), { migrate: true });
      await grantRuntimeRole(ds, testRuntimeRole()).finally(() => ds.destroy());
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`);
    }
    return template;
  } finally {
    await admin.query(`SELECT pg_advisory_unlock(hashtext($1))`, [template]).catch(() => undefined);
  }
}

/** Redis for tests: the URL, or undefined (with a loud note) when the run found no Redis. */
export function testRedisUrl(): string | undefined {
  const url = process.env.TEST_REDIS_URL;
  if (!url) {
    // eslint-disable-next-line no-console
    console.warn('[test] running WITHOUT Redis: this Redis-backend test uses the PostgreSQL queue backend');
    return undefined;
  }
  return url;
}
