/**
 * Rate limits shared by every API process: two API apps on one database (and one Redis, when there is one) share
 * one count. Failed password attempts are limited per account and per client IP across accounts; successful ones
 * cost nothing; a refusal is 429 with the standard body and a standard Retry-After header. Concurrent password
 * hashing is bounded: a check that cannot get a slot in time answers 503 (retryable) with Retry-After.
 */
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { hashPassword, limitPasswordHashing } from '@app/auth';
import { createTestDatabase, TestDatabase, testRedisUrl } from '@app/testing';
import { ApiApps, startApiApps } from './support/api-apps';
import { SharedThrottlerStorage } from '../apps/api/src/auth/throttling';
import { RATE_LIMIT_STORE } from '../apps/api/src/auth/rate-limit-store';
import { MAX_BATCH } from '../apps/api/src/auth/request-allowance';

const PASSWORD = 'correct horse battery staple';
const redisUrl = testRedisUrl();

const stores: [string, string | undefined][] = [
  ['postgres', undefined],
  [redisUrl ? 'redis' : 'redis (NO REDIS: ran on postgres)', redisUrl],
];

describe.each(stores)('shared rate limits, store: %s (e2e)', (_store, redis) => {
  let db: TestDatabase;
  const started: ApiApps[] = [];
  const apps: INestApplication[] = [];
  let client = 0;
  let passwordHash = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    passwordHash = await hashPassword(PASSWORD);
    db = await createTestDatabase();
    env = {
      DATABASE_URL: db.url,
      ...(redis ? { REDIS_URL: redis } : {}),
      QUEUE_PREFIX: 't' + randomBytes(4).toString('hex'),
      LOG_LEVEL: 'error',
      LOGIN_ATTEMPTS_PER_MINUTE: '3',
      LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '5',
      REQUESTS_PER_MINUTE: '40',
      PASSWORD_HASH_CONCURRENCY: '1',
      PASSWORD_HASH_WAIT_MS: '0',
    };
    const both = await startApiApps(env);
    started.push(both);
    apps.push(...both.apps);
  });
  afterAll(async () => {
    for (const s of started) await s.close();
    await db?.drop();
  });

  /** Each test is another client address (the API trusts X-Forwarded-For from loopback), so counts do not mix. */
  let ip = '';
  beforeEach(() => {
    ip = `10.0.${client >> 8}.${client++ & 255}`;
  });
  /** Alternates between the two API processes. */
  let turn = 0;
  const http = () => request(apps[turn++ % 2].getHttpServer());
  const login = (username: string, password = PASSWORD) =>
    http().post('/auth/login').set('X-Forwarded-For', ip).send({ username, password });

  async function addUser(): Promise<string> {
    const username = `u.${randomBytes(4).toString('hex')}`;
    await db.dataSource.query(
      `INSERT INTO users (username, display_name, role, password_hash) VALUES ($1, $1, 'admin', $2)`,
      [username, passwordHash],
    );
    return username;
  }

  it('counts failed logins of one account across both processes, then refuses even the right password (429, Retry-After)', async () => {
    const user = await addUser();
    for (let i = 0; i < 3; i++) expect((await login(user, `wrong password ${i}!`)).status).toBe(401);
    for (let i = 0; i < 2; i++) {
      const limited = await login(user);
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ code: 'TOO_MANY_REQUESTS', message: expect.any(String), details: [] });
      const retryAfter = limited.headers['retry-after'];
      expect(retryAfter).toMatch(/^\d+$/);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    }
    // the account is limited from another client too (per account, not per client and account)
    ip = '10.9.9.9';
    expect((await login(user)).status).toBe(429);
  });

  it('does not count successful logins', async () => {
    const user = await addUser();
    for (let i = 0; i < 6; i++) expect((await login(user)).status).toBe(200);
    expect((await login(user, 'wrong password!!')).status).toBe(401);
    expect((await login(user)).status).toBe(200);
  });

  it('refuses none of many CONCURRENT successful logins of one account from one client (more than both limits)', async () => {
    // a third app whose hashing queue holds them all, so only the attempt limits could refuse one (the hashing
    // bound is per process: it is given back to the other apps' setting at the end)
    const third = await startApiApps({ ...env, PASSWORD_HASH_CONCURRENCY: '2', PASSWORD_HASH_WAIT_MS: '30000' }, 1);
    started.push(third);
    const [app] = third.apps;
    const user = await addUser();
    const attempt = (password: string) => request(app.getHttpServer()).post('/auth/login').set('X-Forwarded-For', ip).send({ username: user, password });
    try {
      const statuses = (await Promise.all(Array.from({ length: 8 }, () => attempt(PASSWORD)))).map((r) => r.status);
      expect(statuses).toEqual(Array(8).fill(200));
      // failures still count, concurrent ones too: 2 wrong beside 2 right fill the limit of 3 only while checked
      const mixed = (await Promise.all([attempt('wrong password 1!'), attempt(PASSWORD), attempt('wrong password 2!'), attempt(PASSWORD)])).map((r) => r.status);
      expect(mixed).toEqual([401, 200, 401, 200]);
      expect((await attempt('wrong password 3!')).status).toBe(401);
      expect((await attempt(PASSWORD)).status).toBe(429);
    } finally {
      limitPasswordHashing({ concurrency: 1, waitMs: 0 }); // the other apps' setting, even when this test fails
    }
  }, 60_000);

  it('limits one client spraying passwords over many accounts', async () => {
    for (let i = 0; i < 5; i++) expect((await login(`nobody.${i}.${randomBytes(3).toString('hex')}`, 'Spring2026!!')).status).toBe(401);
    const real = await addUser();
    const limited = await login(real);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    ip = '10.8.8.8'; // the same account from another client is fine: its own count is clean
    expect((await login(real)).status).toBe(200);
  });

  it('shares the general request limit between the processes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 42; i++) statuses.push((await http().get('/auth/me').set('X-Forwarded-For', ip)).status);
    expect(statuses.slice(0, 40).every((s) => s === 401)).toBe(true); // no token: refused, but counted
    const limited = await http().get('/auth/me').set('X-Forwarded-For', ip);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('takes a high limit in batches from the shared store: both processes together never let more through', async () => {
    // each app's own store (its connections), as two processes have; the general limit counts through these
    const [p, q] = apps.map((app) => new SharedThrottlerStorage(app.get(RATE_LIMIT_STORE)));
    const key = `batch-test-${ip}`;
    const limit = 3_000;
    const results = await Promise.all(Array.from({ length: 3_600 }, (_, i) => (i % 2 ? p : q).increment(key, 60_000, limit, 60_000, 'default')));
    const passed = results.filter((r) => !r.isBlocked).length;
    expect(passed).toBeLessThanOrEqual(limit);
    expect(passed).toBeGreaterThanOrEqual(limit - (MAX_BATCH - 1));
    const refused = results.find((r) => r.isBlocked)!;
    expect(refused.timeToBlockExpire).toBeGreaterThan(0);
  });

  it('bounds concurrent password hashing: a login that finds no free slot answers 503 retryable with Retry-After', async () => {
    const users: string[] = [];
    for (let i = 0; i < 6; i++) users.push(await addUser());
    const app = apps[0].getHttpServer();
    const results = await Promise.all(users.map((username, i) =>
      request(app).post('/auth/login').set('X-Forwarded-For', `10.7.7.${i}`).send({ username, password: PASSWORD })));
    const busy = results.filter((r) => r.status === 503);
    expect(results.map((r) => r.status).sort()).toEqual(expect.arrayContaining([200, 503]));
    expect(results.filter((r) => r.status !== 200 && r.status !== 503)).toEqual([]);
    for (const r of busy) {
      expect(r.body).toEqual({ code: 'TEMPORARILY_UNAVAILABLE', message: expect.any(String), details: [], retryable: true });
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    // a refused check is not a failed attempt: the accounts are not limited afterwards
    for (const user of users) expect((await login(user)).status).toBe(200);
  });
});
