/**
 * The actor of a known session is cached by each API process (CredentialCache), and a revocation or a disabled
 * account is refused at once by every process: two API apps on one database, the cache on in both. Logging out or
 * disabling through one app, the very next request to the other is refused; a change made straight in the database
 * (no API in between) is refused as soon as its notice arrives; without its listener a process caches nothing.
 * The cache is off by default (CREDENTIAL_CACHE=on here): test/auth.e2e-spec.ts refuses a change made straight in the
 * database at the very next request, which only asking the database gives.
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { AuthService, CredentialCache, hashPassword } from '@app/auth';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { ApiApps, startApiApps } from './support/api-apps';

jest.setTimeout(120_000);

const PASSWORD = 'correct horse battery staple';
let db: TestDatabase;
let processes: ApiApps | undefined;
const apps: INestApplication[] = [];
let passwordHash = '';

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
  db = await createTestDatabase();
  const env = {
    DATABASE_URL: db.runtimeUrl,
    DATABASE_OWNER_URL: db.url,
    QUEUE_PREFIX: 't' + randomBytes(4).toString('hex'),
    LOG_LEVEL: 'error',
    JWT_SECRET: randomBytes(32).toString('hex'),
    REQUESTS_PER_MINUTE: '100000',
    CREDENTIAL_CACHE: 'on',
  };
  processes = await startApiApps(env);
  apps.push(...processes.apps);
});
afterAll(async () => {
  await processes?.close();
  await db?.drop();
});

const [A, B] = [0, 1];
const http = (i: number) => request(apps[i].getHttpServer());
const cache = (i: number) => apps[i].get(CredentialCache);
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

async function signedIn(role = 'admin') {
  const username = `u.${randomBytes(4).toString('hex')}`;
  const [{ id }] = await db.dataSource.query(
    `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $1, $2, $3) RETURNING id`, [username, role, passwordHash]);
  const { body } = await http(A).post('/auth/login').send({ username, password: PASSWORD }).expect(200);
  return { id: id as string, token: body.accessToken as string, sid: claimsOf(body.accessToken).sid as string };
}

const me = (i: number, token: string) => http(i).get('/auth/me').set('Authorization', `Bearer ${token}`);

/** Both processes know the session from the cache (a first request each fills it). */
async function cachedInBoth(u: { id: string; token: string; sid: string }) {
  for (const i of [A, B]) {
    await me(i, u.token).expect(200); // the first lookup starts the listener, if it was not yet
    await until(() => cache(i).isListening);
    await me(i, u.token).expect(200);
    expect(cache(i).get(u.id, u.sid)?.actor.userId).toBe(u.id);
  }
}

async function until(condition: () => boolean | Promise<boolean>, ms = 5_000): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - started;
}

it('serves a known session from the cache; a change of the user drops it in both processes', async () => {
  const u = await signedIn('admin');
  await cachedInBoth(u);
  await db.dataSource.query(`UPDATE users SET display_name = 'renamed' WHERE id = $1`, [u.id]);
  for (const i of [A, B]) await until(() => cache(i).get(u.id, u.sid) === undefined, 2_000);
  await me(B, u.token).expect(200);
});

it('a logout through one process is refused by the other at once (and by itself)', async () => {
  for (let round = 0; round < 10; round++) {
    const u = await signedIn();
    await cachedInBoth(u);
    await http(A).post('/auth/logout').set('Authorization', `Bearer ${u.token}`).expect(204);
    expect((await me(B, u.token)).status).toBe(401);
    expect((await me(A, u.token)).status).toBe(401);
  }
});

it('disabling an account through one process is refused by the other at once', async () => {
  const admin = await signedIn('admin');
  for (let round = 0; round < 5; round++) {
    const u = await signedIn('admin');
    await cachedInBoth(u);
    // what PATCH …/users/:userId {active: false} does in process A: the row, then every session revoked
    await db.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [u.id]);
    await apps[A].get(AuthService).revokeAllSessions(u.id, 'account disabled');
    expect((await me(B, u.token)).status).toBe(401);
    expect((await me(A, u.token)).status).toBe(401);
  }
  await me(A, admin.token).expect(200);
});

it('a change made straight in the database is refused as soon as its notice arrives', async () => {
  const u = await signedIn();
  await cachedInBoth(u);
  await db.dataSource.query(`UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'by hand' WHERE id = $1`, [u.sid]);
  const ms = await until(async () => (await me(B, u.token)).status === 401, 1_000);
  expect(ms).toBeLessThan(1_000);
  await me(A, u.token).expect(401);
});

it('without its listener a process caches nothing; it listens again and starts afresh', async () => {
  const u = await signedIn();
  await cachedInBoth(u);
  await db.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN auth_changed'`);
  await until(() => !cache(A).isListening && !cache(B).isListening);
  // a change nobody hears: both processes look the account up again and refuse it
  await db.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [u.id]);
  await me(A, u.token).expect(401);
  await me(B, u.token).expect(401);
  await db.dataSource.query(`UPDATE users SET active = true WHERE id = $1`, [u.id]);
  await until(() => cache(A).isListening && cache(B).isListening, 10_000);
  await me(B, u.token).expect(200);
  expect(cache(B).get(u.id, u.sid)?.actor.userId).toBe(u.id);
});
