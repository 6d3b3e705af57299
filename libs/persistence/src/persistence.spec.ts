import { createTestDatabase, TestDatabase } from '@app/testing';
import { appendEvents, readEvents } from './event-store';
import { updateWithVersion } from './optimistic-update';
import { OptimisticLockError } from './errors';
import { enqueueOutbox, relayOutbox, OutboxRow } from './outbox';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const event = (type: string) => ({
  streamType: 'station_year', streamId: 's1:2026', type, payload: { a: 1 },
  actorId: 'u1', actorRole: 'coordinator', reason: 'test', occurredAt: new Date('2026-12-01T01:00:00Z'),
});

describe('event store', () => {
  it('appends and reads back in order', async () => {
    await db.dataSource.transaction((tx) => appendEvents(tx, [event('A'), event('B')]));
    const events = await readEvents(db.dataSource, { streamId: 's1:2026' });
    expect(events.map((e) => e.type)).toEqual(['A', 'B']);
    expect(events[0]).toMatchObject({ actorId: 'u1', actorRole: 'coordinator', reason: 'test', payload: { a: 1 } });
  });

  it.each([
    ['UPDATE', `UPDATE events SET type = 'X'`],
    ['DELETE', `DELETE FROM events`],
    ['TRUNCATE', `TRUNCATE events`],
  ])('the database refuses %s', async (op, sql) => {
    await expect(db.dataSource.query(sql)).rejects.toThrow(`events are append-only: ${op} refused`);
    expect((await readEvents(db.dataSource)).length).toBeGreaterThanOrEqual(2);
  });
});

describe('optimistic update', () => {
  beforeAll(async () => {
    await db.dataSource.query(`CREATE TABLE things (id text PRIMARY KEY, name text, version int NOT NULL DEFAULT 1)`);
    await db.dataSource.query(`INSERT INTO things (id, name) VALUES ('t1', 'first')`);
  });

  it('two concurrent updates at the same version: exactly one wins', async () => {
    const attempt = (name: string) =>
      db.dataSource.transaction(async (tx) => {
        const v = await updateWithVersion(tx, 'things', 't1', 1, { name });
        await new Promise((r) => setTimeout(r, 50)); // hold the row so the other one really overlaps
        return v;
      });
    const results = await Promise.allSettled([attempt('a'), attempt('b')]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(OptimisticLockError);
    const [row] = await db.dataSource.query(`SELECT name, version FROM things WHERE id = 't1'`);
    expect(row.version).toBe(2);
    expect(['a', 'b']).toContain(row.name);
  });
});

describe('outbox relay', () => {
  it('delivers committed rows once and never rolled-back ones', async () => {
    await db.dataSource.transaction((tx) => enqueueOutbox(tx, [{ queue: 'q', name: 'committed', payload: { n: 1 } }]));
    await db.dataSource
      .transaction(async (tx) => {
        await enqueueOutbox(tx, [{ queue: 'q', name: 'rolled-back', payload: { n: 2 } }]);
        throw new Error('abort');
      })
      .catch(() => undefined);
    const published: OutboxRow[] = [];
    const publish = async (rows: OutboxRow[]) => void published.push(...rows);
    // two relays side by side share the rows; a third finds nothing left
    await Promise.all([relayOutbox(db.dataSource, publish), relayOutbox(db.dataSource, publish)]);
    expect(await relayOutbox(db.dataSource, publish)).toBe(0);
    expect(published.map((r) => r.name)).toEqual(['committed']);
  });

  it('a publish that fails leaves the row for the next relay', async () => {
    await db.dataSource.transaction((tx) => enqueueOutbox(tx, [{ queue: 'q', name: 'retry-me', payload: {} }]));
    await expect(relayOutbox(db.dataSource, async () => { throw new Error('queue down'); })).rejects.toThrow('queue down');
    const names: string[] = [];
    await relayOutbox(db.dataSource, async (rows) => void names.push(...rows.map((r) => r.name)));
    expect(names).toEqual(['retry-me']);
  });
});
