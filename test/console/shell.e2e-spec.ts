/**
 * The console's shell in a real browser: served at /console/ on the API's port (a browser opening / lands there,
 * deep links work, API paths keep their JSON 404), reached through an intranet host name over plain http (a CSP
 * forcing https would leave the page blank), login, the forced password change after an administrator set the
 * password, the menu by role, the inbox count, logout and the page shown when a session ends.
 */
import type { Browser } from 'playwright-core';
import { ManualClock } from '@app/platform';
import { seedSubdistrict, SeededSubdistrict } from '@app/testing';
import { ConsoleApp, launchBrowser, login, openPage, PASSWORD, startConsoleApp, visit, withPassword } from '../support/console';

jest.setTimeout(180_000);

describe('web console: shell, login and session (Chromium)', () => {
  let t: ConsoleApp;
  let s: SeededSubdistrict;
  let browser: Browser;
  /** the console through a host name other than 127.0.0.1 (plain http, as on an office intranet) */
  let intranet: string;

  beforeAll(async () => {
    t = await startConsoleApp(new ManualClock('2026-06-10T09:00:00+08:00'));
    s = await seedSubdistrict(t.db.dataSource, {
      stations: [{ name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明'] }],
    });
    await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: 2026 }).expect(201);
    browser = await launchBrowser(['--host-resolver-rules=MAP console.test 127.0.0.1']);
    intranet = `http://console.test:${t.port}`;
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('serves the console at /console/ on the API port: / redirects there, deep links load it, API paths keep their JSON 404', async () => {
    const root = await fetch(`${t.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const deep = await fetch(`${t.url}/console/coordinator/board`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    const api = await fetch(`${t.url}/no-such-api`);
    expect(api.status).toBe(404);
    expect(await api.json()).toMatchObject({ code: expect.any(String), message: expect.any(String), details: [] });
    const csp = (await fetch(`${t.url}/console/`)).headers.get('content-security-policy') ?? '';
    expect(csp).not.toContain('upgrade-insecure-requests');
  });

  it('over plain http on an intranet host name: an administrator-set password must be changed at the first login', async () => {
    const admin = await withPassword(t, s.users.admin.id);
    const adminToken = (await t.http.post('/auth/login').send({ username: admin, password: PASSWORD }).expect(200)).body.accessToken;
    const clerk = s.stations[0].user;
    await t.http.put(`/users/${clerk.id}/password`).set('Authorization', `Bearer ${adminToken}`).send({ newPassword: 'temporary-password-9' }).expect(204);
    const [{ username }] = await t.db.dataSource.query(`SELECT username FROM users WHERE id = $1`, [clerk.id]);

    const { page, problems, context } = await openPage(browser);
    await page.goto(`${intranet}/`);
    await page.waitForURL(/\/console\/login/);
    await page.getByText('派驻机构考核').first().waitFor();
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('[data-test=login-submit]');
    await page.locator('[data-test=login-error]').waitFor();

    await login(page, intranet, username, 'temporary-password-9');
    await page.waitForURL(/\/console\/password/);
    await page.getByText('首次登录，请设置您自己的密码').waitFor();
    await page.fill('input[name=oldPassword]', 'temporary-password-9');
    await page.fill('input[name=newPassword]', 'short');
    await page.fill('input[name=again]', 'short');
    await page.click('[data-test=password-submit]');
    await page.locator('[data-test=password-error]').waitFor(); // the server's rule, the server's words
    await page.fill('input[name=newPassword]', 'my-own-password-2026');
    await page.fill('input[name=again]', 'my-own-password-2026');
    await page.click('[data-test=password-submit]');
    await page.waitForURL((u) => u.pathname === '/console/');
    await page.getByRole('tab', { name: /待办/ }).waitFor();
    // a station user's menu: their own station's pages, no coordinator pages
    const menu = page.locator('.el-menu');
    await menu.getByText('自评表').waitFor();
    expect(await menu.getByText('催报看板').count()).toBe(0);
    // the flag is gone on the server too
    const me = (await t.http.post('/auth/login').send({ username, password: 'my-own-password-2026' }).expect(200)).body;
    expect(me.user.mustChangePassword).toBe(false);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a coordinator: role menu, deep link after login, logout; a session revoked elsewhere ends with a clear page', async () => {
    const username = await withPassword(t, s.users.coordinator.id);
    const { page, problems, context } = await openPage(browser);
    await page.goto(`${t.url}/console/coordinator/board`);
    await page.waitForURL(/\/console\/login\?next=/);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', PASSWORD);
    await page.click('[data-test=login-submit]');
    await page.waitForURL(/\/console\/coordinator\/board/);
    const menu = page.locator('.el-menu');
    for (const label of ['待办', '站内信', '催报看板', '测评表']) await menu.getByText(label, { exact: true }).waitFor();
    expect(await menu.getByText('自评表').count()).toBe(0);

    // the administrator resets the coordinator's password: every session of theirs ends
    const admin = await withPassword(t, s.users.admin.id);
    const adminToken = (await t.http.post('/auth/login').send({ username: admin, password: PASSWORD }).expect(200)).body.accessToken;
    await t.http.put(`/users/${s.users.coordinator.id}/password`).set('Authorization', `Bearer ${adminToken}`).send({ newPassword: 'reset-by-admin-77' }).expect(204);
    await visit(page, t.url, '/inbox');
    await page.getByText('会话已结束，请重新登录').waitFor();
    await page.click('[data-test=relogin]');
    await page.waitForURL(/\/console\/login/);

    // and a normal logout
    await login(page, t.url, username, 'reset-by-admin-77');
    await page.waitForURL(/\/console\/password/); // reset by an administrator: a new password is due
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL(/\/console\/login/);
    expect(problems).toEqual([]);
    await context.close();
  });
});
