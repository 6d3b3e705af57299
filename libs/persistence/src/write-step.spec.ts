import { createTestDatabase, TestDatabase } from '@app/testing';
import { OptimisticLockError } from './errors';
import { appendEventsStep } from './event-store';
import { IdempotencyClaimLostError, idempotentCommitStep, runWithIdempotencyClaim } from './idempotent-commit';
import { versionedUpdate } from './optimistic-update';
import { outboxStep } from './outbox';
import { Sql } from './sql';
import { canShareStatement, stepSql, WriteStep, writeInOneStatement } from './write-step';

let db: TestDatabase;
let sql: Sql;
beforeAll(async () => {
  db = await createTestDatabase();
  sql = new Sql(db.dataSource);
  await sql.query(`CREATE TABLE things (id text PRIMARY KEY, name text, version int NOT NULL DEFAULT 1)`);
  await sql.query(`CREATE TABLE thing_log (thing_id text, name text)`);
  await sql.query(`INSERT INTO things (id, name) VALUES ('t1', 'a')`);
});
afterAll(async () => {
  await db.drop();
});

const event = (streamId: string) => ({
  streamType: 'thing', streamId, type: 'Renamed', payload: { name: 'b' }, actorId: 'u1', actorRole: 'admin', occurredAt: new Date(),
});
// a write that reads another data-modifying part of its own step (as the board summary follows a projection row)
const logged = (id: string, name: string): WriteStep => ({
  with: [['up', `INSERT INTO thing_log (thing_id, name) VALUES ($1, $2) RETURNING thing_id, name`]],
  sql: `INSERT INTO thing_log (thing_id, name) SELECT thing_id, name || '!' FROM up`,
  params: [id, name],
});
const count = async (table: string, where = 'true') => (await sql.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`))[0].n;

describe('a commit in one statement', () => {
  it('writes every part, numbering each part’s parameters after the previous ones', async () => {
    await writeInOneStatement(sql, [versionedUpdate('things', 't1', 1, { name: 'b' })],
      [appendEventsStep([event('t1')]), logged('t1', 'b'), outboxStep([{ queue: 'q', name: 'n', payload: { id: 't1' } }])]);
    expect(await sql.query(`SELECT name, version FROM things`)).toEqual([{ name: 'b', version: 2 }]);
    expect(await count('events', `stream_id = 't1'`)).toBe(1);
    expect((await sql.query(`SELECT name FROM thing_log ORDER BY name`)).map((r: any) => r.name)).toEqual(['b', 'b!']);
    expect(await count('outbox', `payload->>'id' = 't1'`)).toBe(1);
  });

  it('writes nothing at all when the versioned row changed in between, and says so', async () => {
    const before = { events: await count('events'), log: await count('thing_log') };
    await expect(writeInOneStatement(sql, [versionedUpdate('things', 't1', 1, { name: 'c' })], [appendEventsStep([event('t1')]), logged('t1', 'c')]))
      .rejects.toBeInstanceOf(OptimisticLockError);
    expect(await count('events')).toBe(before.events);
    expect(await count('thing_log')).toBe(before.log);
    expect((await sql.query(`SELECT name FROM things`))[0].name).toBe('b');
  });

  it('writes nothing when its idempotency claim was taken over (the second check fails, not the first)', async () => {
    await sql.query(`INSERT INTO idempotency_keys (scope, key, request_hash, status, claim_id) VALUES ('u1', 'k1', 'h', 0, gen_random_uuid())`);
    const lost = runWithIdempotencyClaim({ scope: 'u1', key: 'k1', claimId: '00000000-0000-4000-8000-000000000000' }, () =>
      writeInOneStatement(sql, [versionedUpdate('things', 't1', 2, { name: 'd' }), idempotentCommitStep()!], [logged('t1', 'd')]));
    await expect(lost).rejects.toBeInstanceOf(IdempotencyClaimLostError);
    expect(await sql.query(`SELECT name, version FROM things`)).toEqual([{ name: 'b', version: 2 }]);
    expect(await count('thing_log', `name LIKE 'd%'`)).toBe(0);
  });

  it('marks its idempotency claim committed with the writes', async () => {
    const [{ claim_id }] = await sql.query(`INSERT INTO idempotency_keys (scope, key, request_hash, status, claim_id)
      VALUES ('u1', 'k2', 'h', 0, gen_random_uuid()) RETURNING claim_id`);
    await runWithIdempotencyClaim({ scope: 'u1', key: 'k2', claimId: claim_id }, () =>
      writeInOneStatement(sql, [versionedUpdate('things', 't1', 2, { name: 'e' }), idempotentCommitStep()!], []));
    expect((await sql.query(`SELECT committed_at IS NOT NULL AS done FROM idempotency_keys WHERE key = 'k2'`))[0].done).toBe(true);
    expect((await sql.query(`SELECT version FROM things`))[0].version).toBe(3);
  });

  it('a part’s own statement is the same text with its CTEs', () => {
    expect(stepSql(logged('t', 'x'))).toMatch(/^WITH up AS \(INSERT INTO thing_log .* RETURNING thing_id, name\) INSERT INTO thing_log/s);
  });

  it('refuses to share a statement between parts with the same CTE name', () => {
    expect(canShareStatement([logged('a', 'x'), appendEventsStep([event('a')])])).toBe(true);
    expect(canShareStatement([logged('a', 'x'), logged('b', 'y')])).toBe(false);
  });
});
