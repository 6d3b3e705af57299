import { QueryFailedError } from 'typeorm';
import { logSafeError } from './log-safe-error';

const SECRET = 'argon2id$v=19$m=65536$c2VjcmV0LXNhbHQ$SECRETHASH';

function pgError(message: string, fields: Record<string, unknown>) {
  return Object.assign(new Error(message), { name: 'error', severity: 'ERROR', ...fields });
}

describe('logSafeError', () => {
  it('drops a failed query’s parameters and the row data PostgreSQL reports', () => {
    const driver = pgError('null value in column "role" of relation "users" violates not-null constraint', {
      code: '23502', table: 'users', column: 'role', detail: `Failing row contains (u1, admin, ${SECRET}).`,
      where: `SQL statement "INSERT … ${SECRET}"`, internalQuery: SECRET,
    });
    const error = new QueryFailedError('INSERT INTO users (username, password_hash) VALUES ($1, $2)', ['admin', SECRET], driver);
    const safe = logSafeError(error) as Record<string, unknown>;
    const text = JSON.stringify(safe);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('Failing row');
    expect(safe).toMatchObject({
      type: 'QueryFailedError', code: '23502', table: 'users', column: 'role', parameters: '[2 redacted]',
      query: 'INSERT INTO users (username, password_hash) VALUES ($1, $2)',
    });
    expect(safe.message).toContain('violates not-null constraint'); // identifiers stay: they say what went wrong
    expect(safe.stack).toContain('QueryFailedError: null value in column "role"');
  });

  it('replaces a value PostgreSQL quotes in its message, and shortens a huge one', () => {
    const driver = pgError(`invalid input syntax for type uuid: "${SECRET}"`, { code: '22P02' });
    const safe = logSafeError(new QueryFailedError('SELECT 1 WHERE id = $1', [SECRET], driver)) as Record<string, any>;
    expect(JSON.stringify(safe)).not.toContain(SECRET);
    expect(safe.message).toBe('invalid input syntax for type uuid: "[redacted]"');
    const long = logSafeError(new Error('x'.repeat(50_000))) as Record<string, any>;
    expect(long.message.length).toBeLessThan(400);
    expect(long.stack.length).toBeLessThan(5_000);
  });

  it('is idempotent and leaves non-objects alone', () => {
    const once = logSafeError(new QueryFailedError('SELECT $1', [SECRET], pgError('boom', {})));
    expect(logSafeError(once)).toEqual(once);
    expect(logSafeError('text')).toBe('text');
    expect(logSafeError(undefined)).toBeUndefined();
  });
});
