/**
 * The console in a real browser through a year's hand-offs, on a seeded subdistrict of two stations:
 * a station clerk claims a recognition (the date picker shows Chinese weeks starting on Monday), sees the monthly
 * records read-only, saves a draft of the 自评表, uploads the annual report and submits; the coordinator sees the
 * board change, grants the other (overdue) station an extension, verifies the recognition, scores every item of
 * both stations on the 测评表 grid with the keyboard (an over-max value is refused in the page and by the server)
 * and finalises them; the to-do lists (待办) and inboxes of the station, the coordinator and a leader show each
 * hand-off (window opened and recognition verified; the 17:00 digest of submissions; results submitted), and an
 * inbox notice's 去处理 opens the page where it is done.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CommandBus } from '@nestjs/cqrs';
import { PassDeadlineCommand } from '@app/assessment';
import { ManualClock, SYSTEM_ACTOR } from '@app/platform';
import { SAMPLE_PDF, seedSubdistrict, SeededSubdistrict } from '@app/testing';
import { SweepService } from '../../apps/worker/src/notices/sweep.service';
import { ConsoleApp, launchBrowser, login, openPage, startConsoleApp, UserPage, visit, withPassword } from '../support/console';

jest.setTimeout(300_000);

const YEAR = 2026;
const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];
const MAX: Record<string, string> = { serveCentre: '10', performDuties: '10', workStyle: '15', teamBuilding: '15', platformParticipation: '20', workOrders: '20', satisfaction: '10' };
const MONTH = { meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 20, onTime: 20, overdue: 0, returnedForShirking: 0, falsified: 0 }, complaints: 0, satisfaction: { surveyed: 30, satisfied: 30 } };

describe('web console: a year of hand-offs (Chromium)', () => {
  let t: ConsoleApp;
  let s: SeededSubdistrict;
  let browser: Browser;
  let station: UserPage;
  let coordinator: UserPage;
  let leader: UserPage;
  const base = () => `/subdistricts/${s.id}/years/${YEAR}`;
  const A = () => s.stations[0];
  const B = () => s.stations[1];
  const todoTexts = async (page: Page) => {
    await visit(page, t.url, '/');
    await page.locator('[data-test=todo-list]').waitFor();
    return page.locator('[data-test=todo-item]').allInnerTexts();
  };
  /** The user's inbox in the page shows a notice titled `title` (waiting for the worker to deliver it first). */
  const delivered = async (user: { id: string }, title: string) => {
    for (let i = 0; i < 100; i++) {
      if ((await t.http.get('/inbox').set(t.as(user)).expect(200)).body.some((n: any) => n.title === title)) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  };
  const inboxShows = async (u: UserPage, user: { id: string }, title: string) => {
    expect(await delivered(user, title)).toBe(true);
    await visit(u.page, t.url, '/inbox');
    const row = u.page.locator('[data-test=inbox-table] .el-table__row').filter({ hasText: title });
    await row.waitFor();
    return row;
  };
  const boardTotal = async (page: Page) => {
    await visit(page, t.url, '/coordinator/board');
    return page.locator('[data-test=total-self_assessment]').innerText();
  };

  beforeAll(async () => {
    t = await startConsoleApp(new ManualClock('2026-11-20T10:00:00+08:00'));
    s = await seedSubdistrict(t.db.dataSource, {
      stations: [
        { name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明'] },
        { name: '城东司法所', kind: 'regional', department: '区司法局', staff: ['赵敏', '孙磊'] },
      ],
    });
    await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
    t.clock.set('2026-12-02T09:00:00+08:00');
    await t.http.post(`${base()}/self-assessment-window`).set(t.as(s.users.coordinator)).expect(200);
    await t.app.get(SweepService, { strict: false }).run(); // the window-open notices to the stations
    for (let i = 0; i < 100 && !(await t.http.get('/inbox').set(t.as(A().user))).body.length; i++) await new Promise((r) => setTimeout(r, 200));
    browser = await launchBrowser();
    station = await openPage(browser);
    coordinator = await openPage(browser);
    leader = await openPage(browser);
    await login(station.page, t.url, await withPassword(t, A().user.id));
    await login(coordinator.page, t.url, await withPassword(t, s.users.coordinator.id));
    await login(leader.page, t.url, await withPassword(t, s.users.leader.id));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    for (const u of [station, coordinator, leader]) expect(u?.problems ?? []).toEqual([]);
  });

  it('station: the window opened hand-off is in its 待办; it claims a recognition with a Monday-first Chinese date picker', async () => {
    const { page } = station;
    expect((await todoTexts(page)).join('\n')).toContain(`填写并提交${YEAR}年度自评表`);
    // the inbox has the window-open notice, counted in the header
    await page.locator('[data-test=inbox-link] .el-badge__content').waitFor();
    await (await inboxShows(station, A().user, `关于开展${YEAR}年度派驻机构考核自评工作的通知`)).click();
    await page.click('[data-test=inbox-act]'); // the notice's link: this year's 自评表 of the station
    await page.waitForURL(/\/console\/station\/self-assessment/);
    await visit(page, t.url, '/station/recognitions');
    await page.click('[data-test=recognition-add]');
    await page.fill('[data-test=recognition-form] input[name=title]', '“最多跑一次”改革经验被市级推广');
    await page.fill('[data-test=recognition-form] input[name=issuer]', '舟山市人民政府办公室');
    await page.locator('[data-test=recognised-on] input, input[data-test=recognised-on]').click();
    const headers = await page.locator('.el-picker-panel .el-date-table th').allInnerTexts();
    expect(headers.map((h) => h.trim()).filter(Boolean)).toEqual(['一', '二', '三', '四', '五', '六', '日']);
    await page.locator('.el-picker-panel .el-date-table td.available').filter({ hasText: /^\s*18\s*$/ }).first().click();
    await page.fill('[data-test=recognition-form] textarea[name=evidence]', '舟政办简报〔2026〕15期');
    await page.setInputFiles('[data-test=evidence-file]', { name: '舟政办简报第15期.pdf', mimeType: 'application/pdf', buffer: SAMPLE_PDF });
    await page.click('[data-test=recognition-save]');
    await page.locator('[data-test=recognitions-table]').getByText('待核实').waitFor();
    await page.locator('[data-test=recognitions-table]').getByText('舟政办简报第15期.pdf').waitFor(); // the evidence file, one click to open
    // monthly records are the offices' to record: read-only here
    await visit(page, t.url, '/station/records');
    await page.getByText('本页只读').waitFor();
    expect(await page.locator('[data-test^=record-special-]').count()).toBe(0);
  });

  it('station: saves a draft of the 自评表, uploads the annual report and submits; the coordinator’s board changes', async () => {
    const before = await boardTotal(coordinator.page);
    const { page } = station;
    await visit(page, t.url, '/station/self-assessment');
    for (const [i, key] of ITEMS.entries()) {
      const input = page.locator(`[data-test=sa-score-${key}] input`);
      await input.fill(String(7 + (i % 3)));
      await input.blur();
      await page.locator(`[data-test=sa-just-${key}] textarea, textarea[data-test=sa-just-${key}]`).fill(`对照考核办法第${i + 1}项自评`);
    }
    await page.click('[data-test=sa-save]');
    await page.locator('[data-test=sa-status]').getByText('草稿').waitFor();
    const draft = (await t.http.get(`${base()}/stations/${A().id}/self-assessment`).set(t.as(A().user)).expect(200)).body;
    expect(draft).toMatchObject({ status: 'draft', scores: { serveCentre: '7.0', performDuties: '8.0' }, justifications: { serveCentre: '对照考核办法第1项自评' } });

    const file = path.join(fs.mkdtempSync('/tmp/console-'), '2026年度工作总结.pdf');
    fs.writeFileSync(file, SAMPLE_PDF);
    await page.locator('[data-test=report-upload] input[type=file]').setInputFiles(file);
    await page.click('[data-test=sa-submit]');
    await page.locator('.el-message-box').getByRole('button', { name: '提交' }).click();
    await page.locator('[data-test=sa-status]').getByText('已提交').waitFor();
    await page.locator('[data-test=report-view]').waitFor();
    expect((await todoTexts(page)).join('\n')).not.toContain('填写并提交');

    const after = await boardTotal(coordinator.page);
    expect(after).not.toEqual(before);
    expect(after).toContain('已交1个');
  });

  it('coordinator: the overdue station gets an extension in the page and submits late', async () => {
    t.clock.set('2027-01-01T00:00:00+08:00');
    await t.app.get(CommandBus).execute(new PassDeadlineCommand(SYSTEM_ACTOR, { subdistrictId: s.id, year: YEAR }));
    // every month of the year recorded (the command room's four-platform data, without deductions): results need them
    for (const st of [A(), B()]) {
      for (let m = 1; m <= 12; m++) await t.http.put(`${base()}/stations/${st.id}/months/${m}/special`).set(t.as(s.users.command_room)).send(MONTH).expect(200);
    }
    const { page } = coordinator;
    expect((await todoTexts(page)).join('\n')).toMatch(/逾期/);
    await visit(page, t.url, `/coordinator/stations/${B().id}`);
    await page.click('[data-test=grant-extension]');
    const until = page.locator('[data-test=extension-until] input, input[data-test=extension-until]');
    await until.click();
    expect((await page.locator('.el-picker-panel .el-date-table th').allInnerTexts()).map((h) => h.trim()).filter(Boolean)[0]).toBe('一');
    await until.fill('2027-01-08');
    await until.press('Enter');
    await page.fill('[data-test=extension-form] textarea[name=reason]', '年底执勤任务重，经协调组研究同意延期');
    await page.click('[data-test=extension-save]');
    await page.getByText('已准予延期').first().waitFor();
    const status = (await t.http.get(`${base()}/stations/${B().id}`).set(t.as(s.users.coordinator)).expect(200)).body;
    expect(status.state).toBe('extended');
    await t.http.post(`${base()}/stations/${B().id}/self-assessment/submit`).set(t.as(B().user))
      .field('scores', JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '8'])))).field('justifications', JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '对照考核办法自评']))))
      .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' }).expect(201);
    // the station told of its extension; at 17:00 the coordinators' one digest of both submissions, which leads to the board
    expect(await delivered(B().user, `${YEAR}年度自评表提交期限已延长至2027年1月8日`)).toBe(true);
    t.clock.set('2027-01-01T17:01:00+08:00');
    await t.app.get(SweepService, { strict: false }).run();
    const digest = await inboxShows(coordinator, s.users.coordinator, `2个站所提交了${YEAR}年度自评表，请评分`);
    expect(await digest.innerText()).toContain('1月1日自评提交汇总');
    await digest.click();
    await page.locator('.el-drawer').getByText('城东司法所').first().waitFor();
    await page.click('[data-test=inbox-act]');
    await page.waitForURL(/\/console\/coordinator\/board/);
  });

  it('coordinator: verifies the station’s recognition from its 待办 and the station page', async () => {
    const { page } = coordinator;
    expect((await todoTexts(page)).join('\n')).toContain('核实创新工作');
    await visit(page, t.url, `/coordinator/stations/${A().id}?tab=recognitions`);
    await page.click('[data-test=recognition-verify]');
    await page.locator('[data-test=recognitions-table]').getByText('已认定').waitFor();
    expect((await todoTexts(page)).join('\n')).not.toContain('核实创新工作');
    await inboxShows(station, A().user, '创新工作““最多跑一次”改革经验被市级推广”已认定');
  });

  it('coordinator: scores every item of both stations on the grid by keyboard; an over-max value is refused in the page and by the server; finalises', async () => {
    const { page } = coordinator;
    await visit(page, t.url, '/coordinator/scoring');
    const grid = page.locator('[data-test=scoring-grid]');
    await grid.locator('tbody tr').nth(1).waitFor();
    // over the maximum: refused as typed, nothing sent
    const first = page.locator(`[data-test="cell-${A().name}-serveCentre"]`);
    await first.click();
    await page.keyboard.type('11');
    await page.locator('[data-test=cell-error]').getByText('超过该项满分10分').waitFor();
    await page.keyboard.press('Escape');
    const refused = await t.http.put(`${base()}/stations/${A().id}/scores/daily/serveCentre`).set(t.as(s.users.coordinator)).send({ score: '11' });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(refused.body.message).toMatch(/[\u4e00-\u9fa5]/);

    // row by row: type, then ArrowRight to the next item; Enter goes down
    const rows = [A(), B()].sort((x, y) => x.name.localeCompare(y.name)); // the board's order: by name
    const names = await grid.locator('tbody td.station').allInnerTexts();
    for (const st of names.map((n) => rows.find((r) => r.name === n.trim())!)) {
      await page.locator(`[data-test="cell-${st.name}-serveCentre"]`).click();
      for (const [i, key] of ITEMS.entries()) {
        await page.keyboard.press('Control+A');
        await page.keyboard.type(MAX[key]); // the suggested score (建议分) of a year without deductions: no departure to explain
        if (i < ITEMS.length - 1) await page.keyboard.press('ArrowRight');
        else await page.keyboard.press('Enter');
      }
    }
    // every cell saved (the grid marks a cell whose value the server has)
    await page.waitForFunction((n) => (globalThis as any).document.querySelectorAll('[data-test=scoring-grid] td.cell.saved').length === n, 2 * ITEMS.length);
    expect(await grid.locator('td.cell.err').count()).toBe(0);
    for (const st of [A(), B()]) {
      await page.locator(`[data-test="finalise-${st.name}"]`).waitFor();
      const scores = (await t.http.get(`${base()}/stations/${st.id}/scores`).set(t.as(s.users.coordinator)).expect(200)).body;
      expect(scores.parts.flatMap((p: any) => p.items.map((i: any) => i.score))).toEqual(ITEMS.map((k) => `${MAX[k]}.0`));
      await page.click(`[data-test="finalise-${st.name}"]`);
      await page.getByText(`${st.name}测评得分已确认`).waitFor();
    }
    for (const st of [A(), B()]) {
      expect((await t.http.get(`${base()}/stations/${st.id}`).set(t.as(s.users.coordinator)).expect(200)).body.state).toBe('scored');
    }
  });

  it('results go to the leader: the coordinator computes and submits, the leader’s 待办 shows the approval; inboxes show the notices', async () => {
    await t.http.post(`${base()}/results/compute`).set(t.as(s.users.coordinator)).expect(200);
    await t.http.post(`${base()}/results/submit`).set(t.as(s.users.coordinator)).expect(200);
    expect((await todoTexts(leader.page)).join('\n')).toMatch(/审定/);
    // the leader's inbox tells of it, and its 去处理 opens the result table
    await (await inboxShows(leader, s.users.leader, `${YEAR}年度考核结果待审定`)).click();
    await leader.page.click('[data-test=inbox-act]');
    await leader.page.waitForURL(/\/console\/leader\/results/);
  });
});
