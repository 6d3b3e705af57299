/**
 * A failed query's parameters never reach the logs. The built API runs as a child process (its real pino output
 * captured) on a test database; the schema owner then takes SELECT on `users` away from the runtime role, so a
 * login — whose query carries the user name as a parameter — fails in the database and answers 500. The log must
 * say the request failed and why, and must not contain the secret-looking user name anywhere.
 */
import { randomBytes } from 'node:crypto';
import { createTestDatabase, TestDatabase, testRuntimeRole } from '@app/testing';
import { DIST, freePort, run, Run, waitForHealth } from './support/processes';

jest.setTimeout(180_000);

let db: TestDatabase;
let api: Run | undefined;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  if (api && api.child.exitCode === null) {
    api.child.kill('SIGTERM');
    await api.exit;
  }
  await db.drop();
});

it('logs a failed query without its parameters', async () => {
  const port = await freePort();
  api = run(DIST.api, [], {
    DATABASE_URL: db.runtimeUrl,
    DATABASE_OWNER_URL: db.url,
    PORT: String(port),
    LOG_LEVEL: 'info',
    QUEUE_PREFIX: 'log' + randomBytes(3).toString('hex'),
    JWT_SECRET: 'log-redaction-test-secret-0123456789abcdef',
    DATA_DIR: `/tmp/sa-test-${db.name}`,
  });
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, api);
  await db.dataSource.query(`REVOKE SELECT ON users FROM ${testRuntimeRole()}`);

  const secret = `sk_live_${randomBytes(12).toString('hex')}`;
  const res = await fetch(`${base}/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: secret, password: 'whatever it is 2026' }),
  });
  expect(res.status).toBe(500);
  expect(JSON.stringify(await res.json())).not.toContain(secret);

  const until = Date.now() + 10_000;
  while (!api.output().includes('request failed') && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  const log = api.output();
  const failure = log.split('\n').find((l) => l.includes('request failed'));
  expect(failure).toBeDefined();
  expect(failure).toMatch(/permission denied for table users/); // the log still says what went wrong…
  expect(failure).toMatch(/redacted/); // …and that the parameters were withheld
  expect(log).not.toContain(secret); // …but not what the query carried
  expect(log).not.toContain('whatever it is 2026');
});
