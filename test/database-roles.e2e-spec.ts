/**
 * The event store is protected by the database's privileges, not only by its triggers: the runtime role (what the
 * application connects as) may read and append events, and every way of rewriting history is refused to it by
 * PostgreSQL itself — UPDATE, DELETE, TRUNCATE, ALTER TABLE … DISABLE TRIGGER, DROP, replacing the trigger function.
 * The application started by the test harness really is that role, and a table a later migration creates is usable
 * by it without another grant (the owner's default privileges).
 */
import { Client } from 'pg';
import { openApplicationDataSource, roleOfUrl } from '@app/persistence';
import { createTestApp, createTestDatabase, TestApp, TestDatabase, testRuntimeRole } from '@app/testing';

jest.setTimeout(60_000);

let db: TestDatabase;
let runtime: Client;
beforeAll(async () => {
  db = await createTestDatabase();
  runtime = new Client({ connectionString: db.runtimeUrl });
  await runtime.connect();
});
afterAll(async () => {
  await runtime?.end();
  await db?.drop();
});

const count = async () => Number((await db.dataSource.query('SELECT count(*)::int AS n FROM events'))[0].n);

it('connects as the runtime role, not as the owner', async () => {
  const { rows } = await runtime.query('SELECT current_user AS u, (SELECT tableowner FROM pg_tables WHERE tablename = $1) AS owner', ['events']);
  expect(rows[0].u).toBe(testRuntimeRole());
  expect(rows[0].owner).not.toBe(testRuntimeRole());
});

it('may append and read events', async () => {
  const before = await count();
  await runtime.query(
    `INSERT INTO events (stream_type, stream_id, type, payload, actor_id, actor_role, occurred_at)
     VALUES ('test', 'roles', 'Probe', '{}', 'test', 'admin', now())`,
  );
  const { rows } = await runtime.query(`SELECT type FROM events WHERE stream_id = 'roles'`);
  expect(rows).toEqual([{ type: 'Probe' }]);
  expect(await count()).toBe(before + 1);
});

describe('refuses to the runtime role, by privilege (not by the append-only trigger)', () => {
  const attempts: [string, string][] = [
    ['UPDATE', `UPDATE events SET reason = 'tampered'`],
    ['DELETE', `DELETE FROM events`],
    ['TRUNCATE', `TRUNCATE events`],
    ['ALTER TABLE … DISABLE TRIGGER', `ALTER TABLE events DISABLE TRIGGER events_append_only`],
    ['ALTER TABLE … DISABLE TRIGGER ALL', `ALTER TABLE events DISABLE TRIGGER ALL`],
    ['DROP TRIGGER', `DROP TRIGGER events_append_only ON events`],
    ['replacing the trigger function', `CREATE OR REPLACE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`],
    ['ALTER TABLE … OWNER', `ALTER TABLE events OWNER TO CURRENT_USER`],
    ['ALTER TABLE … RENAME', `ALTER TABLE events RENAME TO events_old`],
    ['DROP TABLE', `DROP TABLE events`],
    ['rewriting the migrations', `DELETE FROM migrations`],
  ];
  it.each(attempts)('%s', async (_what, sql) => {
    const before = await count();
    const error = await runtime.query(sql).then(() => undefined, (e: { code?: string; message: string }) => e);
    expect(error).toBeDefined();
    expect(error!.message).toMatch(/permission denied|must be owner/);
    expect(error!.message).not.toMatch(/append-only/);
    expect(await count()).toBe(before);
  });

  it('and the triggers still refuse the owner', async () => {
    await expect(db.dataSource.query(`UPDATE events SET reason = 'tampered'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(db.dataSource.query(`TRUNCATE events`)).rejects.toThrow(/append-only: TRUNCATE refused/);
  });
});

it('a table a later migration creates is usable by the runtime role without another grant', async () => {
  await db.dataSource.query(`CREATE TABLE later_things (id bigserial PRIMARY KEY, name text)`);
  await runtime.query(`INSERT INTO later_things (name) VALUES ('x')`);
  await runtime.query(`UPDATE later_things SET name = 'y'`);
  expect((await runtime.query(`SELECT name FROM later_things`)).rows).toEqual([{ name: 'y' }]);
  await expect(runtime.query(`DROP TABLE later_things`)).rejects.toThrow(/must be owner/);
});

it('one role for both warns; two roles do not', async () => {
  const warnings: string[] = [];
  const single = await openApplicationDataSource({ url: db.url }, { warn: (m) => warnings.push(m) });
  await single.destroy();
  expect(warnings).toEqual([expect.stringContaining('DATABASE_OWNER_URL')]);
  warnings.length = 0;
  const split = await openApplicationDataSource({ url: db.runtimeUrl, ownerUrl: db.url }, { warn: (m) => warnings.push(m) });
  const [{ u }] = await split.query('SELECT current_user AS u');
  await split.destroy();
  expect(warnings).toEqual([]);
  expect(u).toBe(roleOfUrl(db.runtimeUrl));
});

describe('the application', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ withWorker: false, redis: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('runs as the runtime role and cannot rewrite history through its own pool', async () => {
    const [{ u }] = await t.runtime.dataSource.query('SELECT current_user AS u');
    expect(u).toBe(testRuntimeRole());
    await expect(t.runtime.dataSource.query(`ALTER TABLE events DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    expect((await t.http.get('/health')).status).toBe(200);
  });
});
