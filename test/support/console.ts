/**
 * Browser tests of the web console: the real app listening on a local port (API, worker and the built console at
 * /console/), Debian's Chromium driven by playwright-core, one browser per test file.
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { hashPassword } from '@app/auth';
import { ManualClock } from '@app/platform';
import { createTestApp, TestApp } from '@app/testing';
import { consoleDir } from '../../apps/api/src/console/console.module';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PASSWORD = 'console-test-password-1';

export interface ConsoleApp extends TestApp {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
}

/** `env`: more configuration, e.g. CONFIG_DIR for a policy version written by the test. */
export async function startConsoleApp(clock: ManualClock, env: Record<string, string> = {}): Promise<ConsoleApp> {
  if (!consoleDir()) throw new Error('the console is not built: run `npm run build` (the pretest step does) before the browser tests');
  const t = await createTestApp({ clock, env: { LOGIN_ATTEMPTS_PER_MINUTE: '1000', ...env } });
  await t.app.listen(0, '127.0.0.1');
  const port = Number(new URL(await t.app.getUrl()).port);
  return Object.assign(t, { url: `http://127.0.0.1:${port}`, port });
}

/** Gives a seeded user a password they chose themselves (no forced change) and returns their username. */
export async function withPassword(t: TestApp, userId: string, password = PASSWORD): Promise<string> {
  const [u] = await t.db.dataSource.query(
    `UPDATE users SET password_hash = $2, must_change_password = false WHERE id = $1 RETURNING username`, [userId, await hashPassword(password)],
  );
  return u[0]?.username ?? u.username;
}

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', ...extraArgs],
  });
}

export interface UserPage {
  context: BrowserContext;
  page: Page;
  /** requests that failed or were blocked, and uncaught page errors (a CSP that breaks the console shows here) */
  problems: string[];
}

/** A fresh browser context (its own storage: one user), in the offices' time zone and a laptop's screen size. */
export async function openPage(browser: Browser): Promise<UserPage> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai', locale: 'zh-CN' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const problems: string[] = [];
  // a navigation cancels the previous page's requests (net::ERR_ABORTED): not a problem; blocked or refused ones are
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return { context, page, problems };
}

export async function login(page: Page, base: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${base}/console/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('[data-test=login-submit]');
  await page.waitForURL((u) => !u.pathname.endsWith('/login'));
}

/** Opens a console page by its path under /console and waits for the network to settle. */
export async function visit(page: Page, base: string, path: string): Promise<void> {
  await page.goto(`${base}/console${path}`);
  await page.waitForLoadState('networkidle');
}
