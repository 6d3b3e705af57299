/**
 * Two database roles: the OWNER owns the schema and runs the migrations; the RUNTIME role, which the application
 * connects as, gets only what it needs. On the event store that is SELECT and INSERT: no UPDATE, DELETE, TRUNCATE,
 * and — not being the owner — no ALTER TABLE (so no DISABLE TRIGGER) and no DROP. The append-only triggers stay as
 * the second line, against the owner itself.
 */
import { escapeIdentifier, escapeLiteral } from 'pg';

/** Tables the runtime role may only read and append to. */
export const APPEND_ONLY_TABLES = ['events'];
/** Tables the runtime role may only read (the migrations are the owner's). */
export const READ_ONLY_TABLES = ['migrations'];

/** A TypeORM DataSource or QueryRunner (rows as an array) or a pg Client (rows in `.rows`). */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

async function rows<T>(db: Queryable, sql: string, parameters?: unknown[]): Promise<T[]> {
  const result = await db.query(sql, parameters);
  return Array.isArray(result) ? result : result.rows;
}

/** The user a connection string logs in as ('' when it names none). */
export function roleOfUrl(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username);
  } catch {
    return '';
  }
}

/**
 * Grants the runtime role its privileges on the current database, run by the owner after the migrations (under
 * the migration lock: concurrent GRANTs on one object fail). Idempotent; also sets the owner's default privileges
 * so tables a later migration creates are usable by the runtime role without another grant (this grant runs again
 * after every migration and takes back what append-only tables must not allow).
 */
export async function grantRuntimeRole(db: Queryable, role: string, { queueSchema }: { queueSchema?: string } = {}): Promise<void> {
  const r = escapeIdentifier(role);
  const [{ database }] = await rows<{ database: string }>(db, 'SELECT current_database() AS database');
  // CREATE on the database: the PostgreSQL queue backend creates (and owns) its own schema
  await db.query(`GRANT CONNECT, TEMPORARY, CREATE ON DATABASE ${escapeIdentifier(database)} TO ${r}`);
  await db.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
  await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO ${r}`);
  await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
  await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO ${r}`);
  await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${r}`);
  const existing = await rows<{ name: string }>(db, 
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname = ANY($1)`,
    [[...APPEND_ONLY_TABLES, ...READ_ONLY_TABLES]],
  );
  if (queueSchema) {
    // a queue schema the owner created before the roles were split: the runtime role uses it as its own
    const [row] = await rows(db, 'SELECT 1 AS found FROM pg_namespace WHERE nspname = $1', [queueSchema]);
    if (row) {
      const q = escapeIdentifier(queueSchema);
      await db.query(`GRANT USAGE, CREATE ON SCHEMA ${q} TO ${r}`);
      await db.query(`GRANT ALL ON ALL TABLES IN SCHEMA ${q} TO ${r}`);
      await db.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA ${q} TO ${r}`);
      await db.query(`GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${q} TO ${r}`);
    }
  }
  for (const { name } of existing) {
    const t = escapeIdentifier(name);
    await db.query(`REVOKE ALL ON ${t} FROM ${r}`);
    await db.query(`GRANT SELECT${APPEND_ONLY_TABLES.includes(name) ? ', INSERT' : ''} ON ${t} TO ${r}`);
  }
}

/**
 * Creates a login role unless it exists. Roles are cluster-wide, so parallel processes (test files, an API and
 * workers starting together) may try at once: the check runs under an advisory lock, and a lost race
 * (duplicate_object, or unique_violation on pg_authid) counts as success.
 */
export async function ensureLoginRole(db: Queryable, role: string, password: string): Promise<void> {
  await db.query('SELECT pg_advisory_lock(hashtext($1))', ['role:' + role]);
  try {
    if ((await rows(db, 'SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).length) return;
    await db.query(`CREATE ROLE ${escapeIdentifier(role)} LOGIN PASSWORD ${escapeLiteral(password)}`);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== '42710' && code !== '23505') throw e;
  } finally {
    await db.query('SELECT pg_advisory_unlock(hashtext($1))', ['role:' + role]).catch(() => undefined);
  }
}
