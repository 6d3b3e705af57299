/**
 * A newcomer's first minutes, on the built application (dist — `npm test` builds first) with embedded PostgreSQL
 * in a fresh data folder and free ports: `npm start`; `create-admin` in a second process beside it (it must use
 * the running server, not stop it as an orphan); login over HTTP; Ctrl-C to the whole process group (as a terminal
 * sends it) ends with exit code 0 and no unhandled error, and the embedded server is gone. And a busy embedded
 * port is refused with a message naming the port and EMBEDDED_PG_PORT.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIST, freePort, run, waitForHealth } from './support/processes';

jest.setTimeout(240_000);
const main = DIST.main;
const cli = DIST.cli;

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('npm start, create-admin beside it, login, then Ctrl-C to the process group exits 0 cleanly', async () => {
  expect(fs.existsSync(main)).toBe(true);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-newcomer-'));
  const [port, pgPort] = [await freePort(), await freePort()];
  const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), JWT_SECRET: 'newcomer-test-secret-0123456789abcdef' };
  const base = `http://127.0.0.1:${port}`;
  const server = run(main, [], env, { detached: true });
  try {
    await waitForHealth(base, server);
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n')[0]);

    const password = 'correct horse battery staple';
    const admin = run(cli, ['create-admin', '--username', 'newcomer', '--password-stdin'], env, { stdin: password + '\n' });
    const adminExit = await admin.exit;
    expect({ ...adminExit, output: admin.output() }).toMatchObject({ code: 0, output: expect.stringContaining('created administrator "newcomer"') });

    // the running server's database survived the CLI: same postmaster, healthy, and the new account logs in
    expect(isAlive(postmaster)).toBe(true);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'newcomer', password }),
    });
    expect(login.status).toBe(200);
    expect(typeof ((await login.json()) as { accessToken?: unknown }).accessToken).toBe('string');

    process.kill(-server.child.pid!, 'SIGINT'); // what Ctrl-C in the terminal does
    const { code, signal } = await server.exit;
    const output = server.output();
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(output).not.toMatch(/Unhandled|57P01|terminating connection|uncaught/i);
    const until = Date.now() + 10_000;
    while (isAlive(postmaster) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(postmaster)).toBe(false);
  } finally {
    if (server.child.exitCode === null) process.kill(-server.child.pid!, 'SIGKILL');
    await server.exit;
    const pidFile = path.join(dataDir, 'pg/postmaster.pid');
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
      if (pid > 0 && isAlive(pid)) process.kill(pid, 'SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

it('a busy embedded PostgreSQL port is refused naming the port and EMBEDDED_PG_PORT', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-newcomer-'));
  const busy = net.createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  const pgPort = (busy.address() as net.AddressInfo).port;
  try {
    const server = run(main, [], { DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(pgPort) });
    const { code } = await server.exit;
    expect(code).toBe(1);
    expect(server.output()).toContain(`port ${pgPort} is in use`);
    expect(server.output()).toContain('EMBEDDED_PG_PORT');
    expect(server.output()).not.toMatch(/^\s+at /m); // a message for people, not a stack trace
  } finally {
    busy.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
