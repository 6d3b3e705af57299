/**
 * Web console figures (not tests; printed): the entry JavaScript's gzip size, login page → interactive 待办 list,
 * the late board of a 300-station subdistrict rendered, and the 测评表 grid of 30 stations × 7 items (load, then
 * typing a score and moving on across all 210 cells, keyboard only). Real Chromium (Debian's, via playwright-core)
 * against the real app on a fresh database; needs the console built (`npm run build`) and TEST_DATABASE_URL.
 * Targets: entry ≤ 300 KB gzip, login → 待办 ≤ 1.5 s, board ≤ 500 ms, grid without lag.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { hashPassword } from '../libs/auth/src';
import { ManualClock } from '../libs/platform/src';
import { createTestApp, seedSubdistrict, useTestAppFactory } from '../libs/testing/src';
import { createApp } from '../apps/main/src/index';
import { consoleDir } from '../apps/api/src/console/console.module';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PASSWORD = 'bench-console-password';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The entry chunk and what index.html preloads with it, gzip-compressed as a server would send them. */
export function entrySizes(dir: string): { entryJsGzipKB: number; initialJsGzipKB: number } {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const entry = /<script type="module"[^>]*src="\/console\/([^"]+)"/.exec(html)?.[1];
  if (!entry) throw new Error('no entry script in dist/console/index.html');
  const preloads = [...html.matchAll(/<link rel="modulepreload"[^>]*href="\/console\/([^"]+)"/g)].map((m) => m[1]);
  const gz = (f: string) => gzipSync(fs.readFileSync(path.join(dir, f)), { level: 9 }).length / 1024;
  const entryKB = gz(entry);
  return { entryJsGzipKB: Number(entryKB.toFixed(1)), initialJsGzipKB: Number((entryKB + preloads.reduce((t, f) => t + gz(f), 0)).toFixed(1)) };
}

export async function run({ quick = false } = {}): Promise<Record<string, number>> {
  const dir = consoleDir();
  if (!dir) throw new Error('the console is not built (npm run build)');
  const sizes = entrySizes(dir);
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`\n  (console: ${CHROMIUM} missing — only the bundle size is measured)`);
    return sizes;
  }
  const { chromium } = await import('playwright-core');
  useTestAppFactory((runtime, options) => createApp(runtime, options));
  const t = await createTestApp({ clock: new ManualClock('2026-12-10T10:00:00+08:00'), withWorker: false, redis: false, env: { LOGIN_ATTEMPTS_PER_MINUTE: '1000' } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    await t.app.listen(0, '127.0.0.1');
    const url = await t.app.getUrl();
    const db = t.db.dataSource;
    const stationsOf = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({
      name: `${tag}站所${String(i + 1).padStart(3, '0')}`, kind: (i % 2 ? 'regional' : 'independent') as 'regional' | 'independent',
      department: `派出部门${i % 12}`, staff: ['负责人', '工作人员'],
    }));
    const big = await seedSubdistrict(db, { name: '大街道', abbr: '大', stations: stationsOf(300, '大') });
    const grid = await seedSubdistrict(db, { name: '城东街道', abbr: '城东', stations: stationsOf(30, '城东') });
    const hash = await hashPassword(PASSWORD);
    for (const s of [big, grid]) {
      await db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [s.users.coordinator.id, hash]);
      await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: 2026 }).expect(201);
    }
    const username = async (id: string) => (await db.query(`SELECT username FROM users WHERE id = $1`, [id]))[0].username as string;
    const newPage = async () => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, timezoneId: 'Asia/Shanghai' });
      return { context, page: await context.newPage() };
    };
    const login = async (page: any, user: string) => {
      await page.fill('input[name=username]', user);
      await page.fill('input[name=password]', PASSWORD);
      await page.click('[data-test=login-submit]');
    };

    // login page → interactive 待办 (the login page already loaded, as a user would find it)
    const loginToTodo: number[] = [];
    const bigUser = await username(big.users.coordinator.id);
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      const { context, page } = await newPage();
      await page.goto(`${url}/console/login`);
      await page.waitForSelector('[data-test=login-submit]');
      const t0 = performance.now();
      await login(page, bigUser);
      await page.waitForSelector('[data-test=todo-item] button:not([disabled]), [data-test=todo-list] .el-empty');
      loginToTodo.push(performance.now() - t0);
      await context.close();
    }

    // the late board of 300 stations: navigation to rows on screen
    const { context, page } = await newPage();
    await page.goto(`${url}/console/login`);
    await login(page, bigUser);
    await page.waitForURL((u: URL) => !u.pathname.endsWith('/login'));
    const board: number[] = [];
    for (let i = 0; i < (quick ? 3 : 5); i++) {
      await page.goto(`${url}/console/`);
      await page.waitForSelector('[data-test=todo-list]');
      const t0 = performance.now();
      await page.click('text=催报看板');
      await page.waitForSelector('[data-test=board-table] .el-table-v2__row');
      await page.waitForSelector('[data-test=total-self_assessment]');
      board.push(performance.now() - t0);
    }
    await context.close();

    // the 测评表 of 30 stations × 7 items: load, then type and move across every cell
    const g = await newPage();
    await g.page.goto(`${url}/console/login`);
    await login(g.page, await username(grid.users.coordinator.id));
    await g.page.waitForURL((u: URL) => !u.pathname.endsWith('/login'));
    const t0 = performance.now();
    await g.page.click('text=测评表');
    await g.page.waitForFunction(() => (globalThis as any).document.querySelectorAll('[data-test=scoring-grid] tbody tr').length === 30);
    const gridLoadMs = performance.now() - t0;
    await g.page.click('#cell-0-0');
    const t1 = performance.now();
    for (let r = 0; r < 30; r++) {
      for (let c = 0; c < 7; c++) {
        await g.page.keyboard.type('8');
        await g.page.keyboard.press(c < 6 ? 'ArrowRight' : 'Enter');
      }
      if (r < 29) await g.page.click(`#cell-${r + 1}-0`);
    }
    // the last keystroke has landed when the focus is where it sent it
    await g.page.waitForFunction(() => (globalThis as any).document.activeElement?.id === 'cell-29-6');
    const typeMs = performance.now() - t1;
    await g.context.close();
    return {
      ...sizes,
      loginToTodoMedianMs: Math.round(median(loginToTodo)),
      board300RenderMedianMs: Math.round(median(board)),
      grid30x7LoadMs: Math.round(gridLoadMs),
      grid210CellsTypeAndMoveMs: Math.round(typeMs),
      gridPerCellMs: Number((typeMs / 210).toFixed(1)),
    };
  } finally {
    await browser.close();
    await t.close();
  }
}
