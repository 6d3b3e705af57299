/**
 * An administrator in a real browser: a staff file with two bad rows shows both errors at once and imports
 * nothing; the fixed file is previewed (created rows) and imported; a re-import with one changed row is previewed
 * as one update and updates that person in place (no second record). Also the other administration pages load.
 */
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '@app/platform';
import { seedSubdistrict, SeededSubdistrict } from '@app/testing';
import { ConsoleApp, launchBrowser, login, openPage, startConsoleApp, visit, withPassword } from '../support/console';

jest.setTimeout(180_000);

const HEADER = '姓名,职务,所属站所,是否负责人';
const csv = (...rows: string[]) => ({ name: '工作人员.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${[HEADER, ...rows].join('\n')}\n`, 'utf8') });
const SHOTS = process.env.CONSOLE_SCREENSHOTS;

describe('web console: administrators import staff (Chromium)', () => {
  let t: ConsoleApp;
  let s: SeededSubdistrict;
  let browser: Browser;

  beforeAll(async () => {
    // the overview's totals are kept from one subdistrict on (the page below shows when they were counted)
    t = await startConsoleApp(new ManualClock('2026-06-10T09:00:00+08:00'), { OVERVIEW_TOTALS_CACHE_FROM: '1' });
    s = await seedSubdistrict(t.db.dataSource, {
      stations: [
        { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国'] },
        { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏'] },
      ],
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function choose(page: Page, file: ReturnType<typeof csv>) {
    await page.setInputFiles('[data-test=import-file]', file);
  }
  async function confirmBox(page: Page) {
    const box = page.locator('.el-message-box').last();
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await box.waitFor({ state: 'hidden' });
  }
  const staffOf = (name: string) => t.db.dataSource.query(
    `SELECT s.name, s.position, s.is_head, st.name AS station FROM staff s JOIN stations st ON st.id = s.station_id WHERE s.name = $1`, [name]);

  it('shows every row error at once, imports the fixed file, and a re-import updates the changed row', async () => {
    const { page, problems } = await openPage(browser);
    await login(page, t.url, await withPassword(t, s.users.admin.id));
    await visit(page, t.url, '/admin/staff');
    await page.locator('[data-test=staff-table]').getByText('张建国').waitFor();
    const [{ n: before }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM staff`);

    await choose(page, csv('王芳,民警,城东派出所,否', ',辅警,城东派出所,否', '李强,调解员,城东人民调解所,否', '陈静,司法助理员,城东司法所,否'));
    await page.locator('[data-test=import-errors]').waitFor();
    const errors = await page.locator('[data-test=import-error]').allInnerTexts();
    expect(errors).toEqual(['第3行 · 姓名：必填', '第4行 · 所属站所：本街道没有名为“城东人民调解所”的站所']);
    await expect(page.locator('[data-test=import-apply]').count()).resolves.toBe(0);
    const [{ n: afterBad }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM staff`);
    expect(afterBad).toBe(before);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/admin-import-errors-1366.png` });

    // fixed: a preview first, then the import
    await choose(page, csv('王芳,民警,城东派出所,否', '刘洋,辅警,城东派出所,否', '李强,调解员,城东司法所,否', '陈静,司法助理员,城东司法所,否'));
    await page.locator('[data-test=import-plan]').getByText('新增 4 条，更新 0 条，不变 0 条').waitFor();
    expect((await staffOf('刘洋')).length).toBe(0); // a dry run writes nothing
    await page.click('[data-test=import-apply]');
    await confirmBox(page);
    await page.locator('[data-test=staff-table]').getByText('刘洋').waitFor();
    expect(await staffOf('刘洋')).toEqual([{ name: '刘洋', position: '辅警', is_head: false, station: '城东派出所' }]);

    // re-import: one row changed (刘洋 becomes 民警), the rest as before
    await choose(page, csv('王芳,民警,城东派出所,否', '刘洋,民警,城东派出所,否', '李强,调解员,城东司法所,否', '陈静,司法助理员,城东司法所,否'));
    await page.locator('[data-test=import-plan]').getByText('新增 0 条，更新 1 条，不变 3 条').waitFor();
    await page.locator('[data-test=plan-updated]').waitFor();
    expect(await page.locator('.el-table').filter({ hasText: '变更的字段' }).innerText()).toContain('职务');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/admin-import-plan-1366.png` });
    await page.click('[data-test=import-apply]');
    await confirmBox(page);
    await page.locator('[data-test=import-plan]').waitFor({ state: 'detached' });
    expect(await staffOf('刘洋')).toEqual([{ name: '刘洋', position: '民警', is_head: false, station: '城东派出所' }]);
    await page.locator('[data-test=staff-table] tr').filter({ hasText: '刘洋' }).getByText('民警').waitFor();
    const [{ n: after }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM staff`);
    expect(after).toBe(before + 4);
    const [{ n: updates }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM events WHERE type = 'staff.updated' AND reason = 'bulk import'`);
    expect(updates).toBe(1);

    // the other administration pages load with their data
    for (const [path, probe, text] of [
      ['/admin/stations', 'stations-table', '城东司法所'], ['/admin/departments', 'departments-table', '区委组织部'],
      ['/admin/users', 'users-table', '协调组'], ['/admin/health', 'outbox', '待转发'], ['/admin/calendars', 'calendars-table', '2026'],
    ]) {
      await visit(page, t.url, path);
      await page.locator(`[data-test=${probe}]`).getByText(text).first().waitFor();
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/admin${path.replace(/\//g, '-')}-1366.png` });
    }
    await page.locator('[data-test=rubric]').getByText('工单办理', { exact: true }).waitFor();
    expect(problems).toEqual([]);
  });

  it('edits a department’s 抄告 channels, creates a user and an API token, uploads a missing year’s holiday calendar', async () => {
    const { page, problems } = await openPage(browser);
    const admin = t.as(s.users.admin);
    await login(page, t.url, await withPassword(t, s.users.admin.id));

    // 区司法局 gets its 抄告 by e-mail too
    await visit(page, t.url, '/admin/departments');
    await page.click('[data-test="department-edit-区司法局"]');
    const dept = page.locator('[data-test=department-form]');
    await dept.getByText('电子邮件').click();
    await dept.locator('input[name=email]').fill('sfj@example.gov.cn');
    await page.click('[data-test=department-save]');
    await dept.waitFor({ state: 'hidden' });
    await page.locator('[data-test="channels-区司法局"]').getByText('站内信、电子邮件').waitFor();
    const departments = (await t.http.get(`/subdistricts/${s.id}/departments`).set(admin).expect(200)).body;
    expect(departments.find((d: any) => d.name === '区司法局')).toMatchObject({ channels: ['inbox', 'email'], email: 'sfj@example.gov.cn' });

    // a coordinator's account with a first password, who then signs in and must choose their own
    await visit(page, t.url, '/admin/users');
    await page.click('[data-test=user-add]');
    const user = page.locator('[data-test=user-form]');
    await user.locator('input[name=username]').fill('cd-xiezuo-2');
    await user.locator('input[name=displayName]').fill('协调组 周敏');
    await user.locator('input[name=password]').fill('first-password-2026');
    await page.click('[data-test=user-save]');
    await user.waitFor({ state: 'hidden' });
    await page.locator('[data-test=users-table]').getByText('协调组 周敏').waitFor();
    const [created] = await t.db.dataSource.query(`SELECT role, must_change_password FROM users WHERE username = 'cd-xiezuo-2'`);
    expect(created).toEqual({ role: 'coordinator', must_change_password: true });
    await t.http.post('/auth/login').send({ username: 'cd-xiezuo-2', password: 'first-password-2026' }).expect(200);

    // a station's reporting system gets a token, shown once, that works
    await page.locator('input[name=tokenName]').fill('司法所报送系统');
    await page.click('[data-test=token-role]');
    await page.locator('.el-select-dropdown__item:visible').getByText('站所', { exact: true }).click();
    await page.click('[data-test=token-station]');
    await page.locator('.el-select-dropdown__item:visible').getByText('城东司法所').click();
    await page.click('[data-test=token-create]');
    const shown = await page.locator('[data-test=token-new]').innerText();
    const token = /：(\S+)$/.exec(shown.trim())?.[1] ?? '';
    await page.locator('[data-test=tokens-table]').getByText('司法所报送系统').waitFor();
    const sfs = s.stations.find((x) => x.name === '城东司法所')!;
    await t.http.get(`/subdistricts/${s.id}/stations/${sfs.id}/years`).set('Authorization', `Bearer ${token}`).expect(200);

    // the calendars: 2027 provisional and 2028 missing (the clock is in 2026); 2028's official schedule uploaded
    await visit(page, t.url, '/admin/calendars');
    expect(await page.locator('[data-test=calendar-missing]').innerText()).toBe('尚缺正式节假日安排：2027年（暂定）、2028年');
    const chooser = page.waitForEvent('filechooser');
    await page.click('[data-test=calendar-upload-2028]');
    await (await chooser).setFiles({
      name: '2028.json', mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify({ year: 2028, source: '国务院办公厅关于2028年部分节假日安排的通知（测试）', holidays: ['2028-01-01', '2028-10-01', '2028-10-02', '2028-10-03'], workdays: ['2028-09-30'] })),
    });
    await page.locator('[data-test=calendars-table] tr').filter({ hasText: '2028' }).getByText('已发布').waitFor();
    expect(await page.locator('[data-test=calendar-missing]').innerText()).toBe('尚缺正式节假日安排：2027年（暂定）');
    const years = (await t.http.get('/calendar/years').set(admin).expect(200)).body;
    expect(years.find((y: any) => y.year === 2028)).toMatchObject({ status: 'official', origin: 'upload' });
    expect(problems).toEqual([]);
  });

  it('reads the whole-set progress overview (全域进度总览): totals and the year’s subdistricts', async () => {
    await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: 2026 }).expect(201);
    const { page, problems } = await openPage(browser);
    await login(page, t.url, await withPassword(t, s.users.admin.id));
    await visit(page, t.url, '/admin/overview');
    const year = page.locator('[data-test=overview-year] input');
    await year.fill('2026');
    await year.press('Enter');
    await page.locator('[data-test=overview-table]').getByText('城东街道').waitFor();
    const totals = await page.locator('[data-test=overview-totals]').innerText();
    expect(totals.replace(/\s+/g, '')).toContain('1/2'); // 1 subdistrict, 2 stations
    expect(totals).toContain('已交0');
    const row = await page.locator('[data-test=overview-table] .el-table__body tr').filter({ hasText: '城东街道' }).innerText();
    expect(row.split(/\s+/)).toEqual(expect.arrayContaining(['城东街道', '已启动', '2']));
    await expect(page.locator('[data-test=overview-next]').isDisabled()).resolves.toBe(true);
    await expect(page.locator('[data-test=overview-counted-at]').count()).resolves.toBe(0); // summed for this answer

    // two minutes later the kept totals are served (and re-summed in the background): the page says when they were counted
    const counted = (await t.http.get('/years/2026/overview').set(t.as(s.users.admin)).expect(200)).body.totals.countedAt;
    t.clock.advance(120_000);
    await page.locator('[data-test=overview-sort]').getByText('按街道名称').click();
    await page.locator('[data-test=overview-sort] .is-active').getByText('按街道名称').waitFor();
    const note = page.locator('[data-test=overview-counted-at]');
    await note.waitFor();
    expect(await note.innerText()).toContain(`合计统计于 ${new Date(counted).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai' })}`);
    if (SHOTS) {
      await page.waitForTimeout(500); // the radio buttons' colour transition
      await page.screenshot({ path: `${SHOTS}/admin-overview-1366.png` });
    }
    expect(problems).toEqual([]);
  });
});
