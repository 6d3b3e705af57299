/** The row changed since it was read: the caller may reload and retry. */
export class OptimisticLockError extends Error {
  readonly retryable = true;
  constructor(readonly table: string, readonly id: string, readonly expectedVersion: number) {
    super(`${table} ${id} was changed by someone else (expected version ${expectedVersion}); reload and retry`);
    this.name = 'OptimisticLockError';
  }
}

/** SQLSTATEs of a lost or refused connection, a server shutting down or starting, a cancelled or conflicting statement. */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57014', '40001', '40P01', '53300']);
const TRANSIENT_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);
const TRANSIENT_MESSAGES = [
  /Connection terminated/i, /timeout exceeded when trying to connect/i, /is not queryable/i, /Client was closed/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/**
 * True when a database failure is about the connection or the server's state, not the request: a PostgreSQL
 * restart, a refused or reset connection, a connect or statement timeout, a serialization failure. The same request
 * may succeed a moment later (the pool opens new connections by itself), so the API answers 503 with Retry-After.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  for (let e = error as any, depth = 0; e && depth < 4; e = e.driverError ?? e.cause, depth++) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (TRANSIENT_SQLSTATES.has(code) || code.startsWith('08') || TRANSIENT_ERRNOS.has(code))) return true;
    if (typeof e.message === 'string' && TRANSIENT_MESSAGES.some((m) => m.test(e.message))) return true;
    if (Array.isArray(e.errors) && e.errors.some((x: unknown) => isTransientDatabaseError(x))) return true; // AggregateError (IPv4 + IPv6 refused)
  }
  return false;
}

/**
 * True when a statement failed on a unique key (SQLSTATE 23505), of `constraint` (its index's name) when given: a
 * concurrent writer inserted the same row first. The driver's error or TypeORM's wrapping of it.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } } | undefined;
  const pg = e?.driverError ?? e;
  return pg?.code === '23505' && (constraint === undefined || pg.constraint === constraint);
}
