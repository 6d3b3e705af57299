/**
 * Raw SQL straight on the DataSource's pg pool, for the hot command path (the actor lookup, a command's reads and
 * its transaction). It answers and fails as `dataSource.query` / `EntityManager.query` do — rows, or
 * [rows, rowCount] for UPDATE and DELETE; a QueryFailedError carrying the driver's error — without a TypeORM
 * QueryRunner, broadcaster and EntityManager per query.
 */
import type { Pool, PoolClient, QueryResult } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';
import { createHash } from 'node:crypto';
import { markIdempotentCommit } from './idempotent-commit';

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** Statements up to this long are prepared once per connection when asked (longer ones vary with their data). */
const PREPARE_UP_TO_CHARS = 8192;
const statementNames = new Map<string, string>();

/** A name for a statement's text, the same in every connection (node-postgres prepares a name once per connection). */
function statementName(sql: string): string | undefined {
  if (sql.length > PREPARE_UP_TO_CHARS) return undefined;
  let name = statementNames.get(sql);
  if (!name) {
    if (statementNames.size >= 10_000) return undefined; // a bound on what each connection keeps prepared
    name = `q${createHash('sha1').update(sql).digest('base64url')}`;
    statementNames.set(sql, name);
  }
  return name;
}

async function run(on: Pool | PoolClient, sql: string, params?: unknown[], prepare = false): Promise<any> {
  let r: QueryResult;
  try {
    const name = prepare ? statementName(sql) : undefined;
    r = await (name ? on.query({ name, text: sql, values: params as any[] }) : on.query(sql, params as any[]));
  } catch (e) {
    throw new QueryFailedError(sql, params, e as Error);
  }
  return r.command === 'UPDATE' || r.command === 'DELETE' ? [r.rows, r.rowCount] : r.rows;
}

export class Sql implements Queryable {
  /**
   * prepare: each statement is parsed and planned once per connection (named by its text), not at every call —
   * for the hot paths' few fixed statements (a command's reads and its one-statement commit, the actor lookup).
   */
  constructor(private readonly dataSource: DataSource, private readonly options: { prepare?: boolean } = {}) {}

  private get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** One statement on a pooled connection (its own transaction). */
  query(sql: string, params?: unknown[]): Promise<any> {
    return run(this.pool, sql, params, this.options.prepare);
  }

  /** BEGIN, the work, COMMIT on one connection; ROLLBACK and rethrow if anything fails (READ COMMITTED). */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // the pool stops listening to a client it lends out: a server restart or a killed backend now would be an
    // unhandled 'error' event (the process dies). The failure reaches the caller through the failed query instead.
    let lost: Error | undefined;
    const onError = (err: Error) => (lost = err);
    client.on('error', onError);
    const release = (err?: Error) => {
      client.removeListener('error', onError);
      client.release(err ?? lost);
    };
    const tx: Queryable = { query: (sql, params) => run(client, sql, params, this.options.prepare) };
    try {
      await tx.query('BEGIN');
      const result = await work(tx);
      await markIdempotentCommit(tx); // an Idempotency-Key's command is done exactly when its writes are
      await tx.query('COMMIT');
      release();
      return result;
    } catch (e) {
      // a connection that cannot even roll back is dropped from the pool rather than reused
      if (lost) release(lost);
      else await client.query('ROLLBACK').then(() => release(), (err: Error) => release(err));
      throw e;
    }
  }
}

/** Whether the database answers a trivial query (for /health). */
export function databaseReachable(db: Queryable): Promise<boolean> {
  return db.query('SELECT 1').then(() => true, () => false);
}
