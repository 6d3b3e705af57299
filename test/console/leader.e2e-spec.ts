/**
 * The leading group in a real browser: the result table, one station's explanation in a drawer, that station
 * returned with a reason; the coordinator rescoring it in the 测评表 page and computing and submitting the table
 * again from the results page; the leader approving, previewing the 抄告 (numbers and recipients) and releasing.
 * Then the dashboard: its charts draw the grade counts and submission counts the API reports (read from the
 * charts' own options). Every step goes through the pages; the API is only read to check them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { CommandBus } from '@nestjs/cqrs';
import { PassDeadlineCommand } from '@app/assessment';
import { ManualClock, SYSTEM_ACTOR } from '@app/platform';
import { SAMPLE_PDF, seedSubdistrict, SeededSubdistrict } from '@app/testing';
import { readPdfText } from '../../libs/notices/src/render/pdf-text.testing';
import { ConsoleApp, launchBrowser, login, openPage, startConsoleApp, visit, withPassword } from '../support/console';

jest.setTimeout(240_000);

const YEAR = 2026;
const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];
// 城东派出所 95.0, 城东司法所 85.0, 城东执法中队 70.0
const SCORES: Record<string, string[]> = {
  城东派出所: ['10', '10', '14', '14', '19', '19', '9'],
  城东司法所: ['9', '9', '13', '13', '17', '16', '8'],
  城东执法中队: ['7', '7', '11', '11', '14', '14', '6'],
};
const SHOTS = process.env.CONSOLE_SCREENSHOTS; // a folder: screenshots at a laptop's and a tablet's size
/** simplified radicals without a compatibility decomposition (NFKC maps the Kangxi ones) */
const RADICALS: Record<string, string> = { '⻔': '门', '⻛': '风', '⻓': '长', '⻅': '见', '⻚': '页', '⻢': '马', '⻋': '车', '⻉': '贝', '⻄': '西', '⻘': '青', '⻝': '食' };
/** a policy version with publicity (公示) switched on, for a second subdistrict */
const PUBLICITY = '2021-trial-publicity';

describe('web console: leaders approve and release, the dashboard (Chromium)', () => {
  let t: ConsoleApp;
  let s: SeededSubdistrict;
  /** the second subdistrict, whose policy publicises the approved table (公示) */
  let p: SeededSubdistrict;
  let configDir: string;
  let browser: Browser;
  const base = () => `/subdistricts/${s.id}/years/${YEAR}`;
  const st = (name: string) => s.stations.find((x) => x.name === name)!;
  const coord = () => t.as(s.users.coordinator);

  /** The year of `sub` opened, self-assessed, scored and its table submitted to the leaders (months waived). */
  async function submittedYear(sub: SeededSubdistrict, policyVersion?: string) {
    const base = `/subdistricts/${sub.id}/years/${YEAR}`;
    const station = (name: string) => sub.stations.find((x) => x.name === name)!;
    const coordinator = t.as(sub.users.coordinator);
    t.clock.set('2026-11-20T09:00:00+08:00');
    await t.http.post(`/subdistricts/${sub.id}/years`).set(coordinator).send({ year: YEAR, ...(policyVersion ? { policyVersion } : {}) }).expect(201);
    t.clock.set('2026-12-01T09:00:00+08:00');
    await t.http.post(`${base}/self-assessment-window`).set(coordinator).expect(200);
    for (const [name, at] of [['城东派出所', '2026-12-18T10:00:00+08:00'], ['城东司法所', '2026-12-29T15:00:00+08:00']]) {
      t.clock.set(at);
      const scores = JSON.stringify(Object.fromEntries(ITEMS.map((k, i) => [k, SCORES[name][i]])));
      await t.http.post(`${base}/stations/${station(name).id}/self-assessment/submit`).set(t.as(station(name).user)).field('scores', scores)
        .field('justifications', JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '年度工作说明']))))
        .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' }).expect(201);
    }
    t.clock.set('2027-01-01T00:00:00+08:00');
    await t.app.get(CommandBus).execute(new PassDeadlineCommand(SYSTEM_ACTOR, { subdistrictId: sub.id, year: YEAR }));
    t.clock.set('2027-01-08T10:00:00+08:00');
    for (const name of Object.keys(SCORES)) {
      // this year keeps no monthly records: the coordination group waives them, so results may be computed
      await t.http.post(`${base}/stations/${station(name).id}/months/waivers`).set(coordinator)
        .send({ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], reason: '测试：不录入月度记录' }).expect(200);
      for (const [i, k] of ITEMS.entries()) {
        await t.http.put(`${base}/stations/${station(name).id}/scores/${i < 4 ? 'daily' : 'special'}/${k}`).set(coordinator).send({ score: SCORES[name][i], reason: '按年度材料评定' }).expect(200);
      }
      await t.http.post(`${base}/stations/${station(name).id}/scores/finalise`).set(coordinator).expect(200);
    }
    await t.http.post(`${base}/results/compute`).set(coordinator).expect(200);
    await t.http.post(`${base}/results/submit`).set(coordinator).expect(200);
  }

  beforeAll(async () => {
    configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-leader-'));
    fs.cpSync(path.resolve('config/calendars'), path.join(configDir, 'calendars'), { recursive: true });
    fs.cpSync(path.resolve('config/policies'), path.join(configDir, 'policies'), { recursive: true });
    const policy = JSON.parse(fs.readFileSync(path.resolve('config/policies/2021-trial.json'), 'utf8'));
    fs.writeFileSync(path.join(configDir, 'policies', `${PUBLICITY}.json`), JSON.stringify({ ...policy, version: PUBLICITY, publicity: { enabled: true, workingDays: 5 } }));
    t = await startConsoleApp(new ManualClock('2026-11-20T09:00:00+08:00'), { CONFIG_DIR: configDir });
    const stations = [
      { name: '城东派出所', kind: 'independent' as const, department: '区公安分局', staff: ['张建国', '李明'] },
      { name: '城东司法所', kind: 'regional' as const, department: '区司法局', staff: ['赵敏', '孙磊'] },
      { name: '城东执法中队', kind: 'regional' as const, department: '区综合行政执法局', staff: ['郑强', '冯丽', '褚军'] },
    ];
    s = await seedSubdistrict(t.db.dataSource, { reachableDepartments: true, stations }); // every 抄告 needs a reader
    await submittedYear(s, '2021-trial'); // named: the newest version would be the publicity one
    p = await seedSubdistrict(t.db.dataSource, { name: '城西街道', abbr: '城西', reachableDepartments: true, stations });
    await submittedYear(p, PUBLICITY);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (configDir) fs.rmSync(configDir, { recursive: true, force: true });
  });

  /** The page printed (print media, the page's own @page sizes; saved with the screenshots): its text, page count and first page's size in points. */
  async function printed(page: Page, name: string) {
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, ...(SHOTS ? { path: `${SHOTS}/print-${name}.pdf` } : {}) });
    await page.emulateMedia({ media: 'screen' });
    const box = /MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf.toString('latin1'));
    const { text, pages } = await readPdfText(pdf);
    // the text as read: without spaces or line breaks, and the CJK radicals the extraction gives for some characters (⾏) as those characters (行)
    const plain = text.replace(/\s+/g, '').replace(/[\u2E80-\u2FDF]/g, (c) => RADICALS[c] ?? c.normalize('NFKC'));
    return { text: plain, pages, size: box ? [Math.round(Number(box[1])), Math.round(Number(box[2]))] : null };
  }

  /** Answers the ElMessageBox titled `title`: the prompt's text when given, then its confirm button. */
  async function answerBox(page: Page, title: string, text?: string) {
    const box = page.locator('.el-message-box').filter({ has: page.locator('.el-message-box__title', { hasText: new RegExp(`^${title}$`) }) });
    await box.waitFor();
    if (text !== undefined) await box.locator('textarea, input').first().fill(text);
    await box.locator('.el-message-box__btns .el-button--primary').click();
    await box.waitFor({ state: 'hidden' });
  }
  async function shoot(page: Page, name: string) {
    if (!SHOTS) return;
    await page.screenshot({ path: `${SHOTS}/${name}-1366.png` });
    await page.setViewportSize({ width: 1180, height: 820 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/${name}-1180.png` });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/${name}-1024.png` });
    await page.setViewportSize({ width: 1366, height: 768 });
  }

  it('a leader returns one station after reading its explanation; the coordinator rescores it in the page; the leader approves and releases after the 抄告 preview', async () => {
    const leaderName = await withPassword(t, s.users.leader.id);
    const coordName = await withPassword(t, s.users.coordinator.id);
    const leader = await openPage(browser);
    const lp = leader.page;
    await login(lp, t.url, leaderName);
    await visit(lp, t.url, '/leader/results');
    const table = lp.locator('[data-test=results-table]');
    await table.getByText('城东执法中队').waitFor();
    expect(await lp.locator('[data-test="grade-城东派出所"]').innerText()).toBe('优秀');
    await expect(lp.locator('[data-test=year-state]').innerText()).resolves.toBe('待领导小组审定');
    await shoot(lp, 'leader-results');
    // where the scorer departed from the suggested score (the waived year suggests every maximum) and why
    const departure = '工单办理：建议分20.0分，评定16.0分（理由：按年度材料评定）';
    expect(await lp.locator('[data-test="departures-城东司法所"]').innerText()).toBe('7项');
    await lp.click('[data-test="departures-城东司法所"]');
    expect(await lp.locator('[data-test="departure-城东司法所-workOrders"]').innerText()).toBe(departure);
    await lp.click('[data-test="departures-城东司法所"]');

    // one station's explanation, one click away, with its departures
    await lp.click('[data-test="explain-城东司法所"]');
    const drawer = lp.locator('.el-drawer');
    await drawer.locator('[data-test=result]').getByText('85.0').first().waitFor();
    await drawer.getByText('工单办理').first().waitFor();
    expect(await drawer.locator('[data-test=departures]').innerText()).toContain(departure);
    expect(await drawer.locator('[data-test=item-departure-workOrders]').innerText()).toBe('偏离建议分：理由：按年度材料评定');
    await shoot(lp, 'leader-explanation');
    await drawer.locator('.el-drawer__close-btn').click();
    await drawer.waitFor({ state: 'hidden' });

    // return that station with a reason
    await lp.click('[data-test="return-城东司法所"]');
    await answerBox(lp, '退回：城东司法所', '工单办理得分依据不足，请复核');
    await answerBox(lp, '单站退回');
    await lp.locator('[data-test=decisions]').getByText('工单办理得分依据不足，请复核').waitFor();
    await lp.locator('[data-test=decisions]').getByText('单站退回重评').waitFor();
    expect((await t.http.get(`${base()}/stations/${st('城东司法所').id}`).set(coord()).expect(200)).body.state).toBe('underScoring');

    // the coordinator rescores it in the 测评表 and hands the table in again, all in the pages
    const coordinator = await openPage(browser);
    const cp = coordinator.page;
    await login(cp, t.url, coordName);
    await visit(cp, t.url, '/coordinator/scoring');
    const cell = cp.locator('[data-test="cell-城东司法所-workOrders"]');
    await cell.fill('17');
    await cell.press('Enter'); // moves on: the cell is saved
    // 17 departs from the suggested score the records give: the server asks why, and the page asks the coordinator
    await answerBox(cp, '评分偏离建议分', '复核工单台账后按实际办理质量评定');
    await cp.locator('[data-test="departs-城东司法所-workOrders"]').waitFor();
    await cell.focus();
    expect(await cp.locator('[data-test=cell-side] [data-test=departure]').innerText()).toContain('17.0');
    await shoot(cp, 'scoring-grid-departure');
    await cp.locator('[data-test="finalise-城东司法所"]').click();
    await cp.locator('[data-test="finalise-城东司法所"]').waitFor({ state: 'detached' });
    const scores = (await t.http.get(`${base()}/stations/${st('城东司法所').id}/scores`).set(coord()).expect(200)).body;
    const workOrders = scores.parts.flatMap((p: any) => p.items).find((i: any) => i.key === 'workOrders');
    expect(workOrders.score).toBe('17.0');
    expect(workOrders.departure.reason).toBe('复核工单台账后按实际办理质量评定');
    await visit(cp, t.url, '/leader/results');
    await cp.click('[data-test=compute]');
    await answerBox(cp, '计算结果');
    await cp.locator('[data-test=submit]').click();
    await answerBox(cp, '提交审定');
    await cp.locator('[data-test=decisions] .el-timeline-item').nth(2).waitFor();
    expect(coordinator.problems).toEqual([]);

    // the leader approves, previews the 抄告 and releases
    await visit(lp, t.url, '/leader/results');
    await lp.locator('[data-test=approve]').click();
    await answerBox(lp, '审定通过', '领导小组会议审定');
    await answerBox(lp, '审定');
    await lp.locator('[data-test=release]').waitFor();
    expect(await lp.locator('[data-test=year-state]').innerText()).toBe('已审定');
    await lp.click('[data-test=release]');
    const preview = lp.locator('.el-dialog').filter({ hasText: '发布前预览' });
    await preview.getByText('城东考〔2026〕1号').waitFor();
    const text = await preview.innerText();
    expect(text).toContain('共 3 个站所、9 份抄告');
    for (const name of ['区公安分局', '区司法局', '区综合行政执法局', '区委组织部']) expect(text).toContain(name);
    expect(text).toContain('城东考〔2026〕3号');
    await shoot(lp, 'leader-release-preview');
    const [{ n: before }] = await t.db.dataSource.query(`SELECT count(*)::int AS n FROM notices WHERE kind = 'result_notice'`);
    expect(before).toBe(0); // the preview sends nothing
    await lp.click('[data-test=release-confirm]');
    await answerBox(lp, '发布结果');
    await lp.locator('[data-test=year-state]').getByText('结果已发布').waitFor();
    const decisions = (await t.http.get(`${base()}/decisions`).set(t.as(s.users.leader)).expect(200)).body.decisions;
    expect(decisions.map((d: any) => [d.kind, d.actor.role, d.reason])).toEqual([
      ['submitted_for_approval', 'coordinator', null],
      ['station_returned', 'leader', '工单办理得分依据不足，请复核'],
      ['submitted_for_approval', 'coordinator', null],
      ['approved', 'leader', '领导小组会议审定'],
      ['released', 'leader', null],
    ]);
    const results = (await t.http.get(`${base()}/results`).set(coord()).expect(200)).body;
    expect(results.rows.find((r: any) => r.name === '城东司法所').total).toBe('86.0');
    expect(leader.problems).toEqual([]);
    await coordinator.context.close();
    await leader.context.close();
  });

  it('prints the result table, a station’s 测评表 and 自评表 and its 抄告单 on A4 without the console around them', async () => {
    const leader = await openPage(browser);
    const lp = leader.page;
    await login(lp, t.url, await withPassword(t, s.users.leader.id));
    await visit(lp, t.url, '/leader/results');
    await lp.locator('[data-test=results-table]').getByText('城东执法中队').waitFor();
    await lp.locator('[data-test=print]').waitFor();
    await lp.emulateMedia({ media: 'print' });
    expect(await lp.locator('.aside').isVisible()).toBe(false);
    expect(await lp.locator('[data-test=print]').isVisible()).toBe(false);
    expect(await lp.locator('[data-test=results-table]').isVisible()).toBe(false);
    expect(await lp.locator('[data-test=print-results]').isVisible()).toBe(true);
    const table = await printed(lp, 'results');
    expect(table.pages).toBe(1);
    expect(table.size).toEqual([842, 595]); // A4 landscape, as the XLSX table
    for (const text of ['派驻机构考核结果汇总表（2026年度）', '城东执法中队', '区综合行政执法局', '备注', '奖金（元）', '偏离建议分：工单办理：建议分20.0分']) expect(table.text).toContain(text);
    expect(table.text).not.toContain('审定记录');
    await leader.context.close();

    const coordinator = await openPage(browser);
    await login(coordinator.page, t.url, await withPassword(t, s.users.coordinator.id));
    await visit(coordinator.page, t.url, `/coordinator/stations/${st('城东司法所').id}?tab=scores`);
    await coordinator.page.locator('[data-test=scores-print]').waitFor();
    const evaluation = await printed(coordinator.page, 'evaluation');
    expect(evaluation.size).toEqual([595, 842]);
    for (const text of ['派驻机构考核测评表（2026年度）', '派驻机构：城东司法所', '派出部门：区司法局', '建议分', '测评得分', '扣分说明', '日常管理小计', '合计']) {
      expect(evaluation.text).toContain(text);
    }
    expect(evaluation.text).not.toContain('在测评表中打分');
    await coordinator.context.close();

    const station = await openPage(browser);
    await login(station.page, t.url, await withPassword(t, st('城东司法所').user.id));
    await visit(station.page, t.url, '/station/self-assessment');
    await station.page.locator('[data-test=sa-print]').waitFor();
    const form = await printed(station.page, 'self-assessment');
    for (const text of ['派驻机构考核自评表（2026年度）', '派驻机构：城东司法所', '自评分', '自评说明', '年度工作说明', '填报日期：2026-12-29']) expect(form.text).toContain(text);
    expect(form.text).not.toContain('保存草稿');
    // the 抄告单 prints from its own frame: what that frame holds, printed, is one A4 page with the notice
    const print = station.page.locator('[data-test=notice-print]').first();
    for (let i = 0; i < 20 && !(await print.count()); i++) { // the 抄告 reach the inbox through the worker
      await visit(station.page, t.url, '/station/result');
      await station.page.waitForTimeout(250);
    }
    await print.click();
    const frame = station.page.locator('[data-test=notice-print-frame]');
    await frame.waitFor({ state: 'attached' });
    const notice = await browser.newPage();
    await notice.setContent(await frame.getAttribute('srcdoc') ?? '');
    const sheet = await printed(notice, 'notice');
    expect(sheet.pages).toBe(1);
    for (const text of ['抄告单', '城东考〔2026〕', '城东司法所']) expect(sheet.text).toContain(text);
    expect(sheet.text).not.toContain('查看详情');
    await notice.close();
    expect(station.problems).toEqual([]);
    await station.context.close();
  });

  it('with publicity (公示) on: approval publicises the table, a station objects in its page, the leader dismisses the objection with a reason', async () => {
    const pbase = `/subdistricts/${p.id}/years/${YEAR}`;
    const station = p.stations.find((x) => x.name === '城东司法所')!;
    const leader = await openPage(browser);
    const lp = leader.page;
    await login(lp, t.url, await withPassword(t, p.users.leader.id));
    await visit(lp, t.url, '/leader/results');
    await lp.locator('[data-test=approve]').click();
    await answerBox(lp, '审定通过', '');
    await answerBox(lp, '审定');
    await lp.locator('[data-test=year-state]').getByText('公示中').waitFor();
    const year = (await t.http.get(pbase).set(t.as(p.users.leader)).expect(200)).body;
    expect(year.publicityUntil).toEqual(expect.any(String));
    expect(await lp.locator('.page-title').innerText()).toContain('公示期至');

    // the station objects from its result page
    const sp = await openPage(browser);
    await login(sp.page, t.url, await withPassword(t, station.user.id));
    await visit(sp.page, t.url, '/station/result');
    await sp.page.locator('textarea[name=objection]').fill('工单办理得分与全年派单记录不符，请复核');
    await sp.page.click('[data-test=objection-submit]');
    await answerBox(sp.page, '提出异议');
    await sp.page.locator('[data-test=objection-filed]').waitFor();
    expect(sp.problems).toEqual([]);
    await sp.context.close();

    // the leader sees it open and answers it
    await visit(lp, t.url, '/leader/results');
    expect(await lp.locator('[data-test=objections]').innerText()).toContain('城东司法所：工单办理得分与全年派单记录不符，请复核');
    await lp.click('[data-test="dismiss-城东司法所"]');
    await answerBox(lp, '异议不成立', '经核对派单记录，评分无误，维持原结果');
    await answerBox(lp, '答复异议');
    await lp.locator('[data-test=objections]').waitFor({ state: 'detached' });
    await lp.locator('[data-test=decisions]').getByText('经核对派单记录，评分无误，维持原结果').waitFor();
    const decisions = (await t.http.get(`${pbase}/decisions`).set(t.as(p.users.leader)).expect(200)).body.decisions;
    expect(decisions.slice(-3).map((d: any) => [d.kind, d.actor.role, d.stationName ?? null, d.reason ?? d.text ?? null])).toEqual([
      ['approved', 'leader', null, null],
      ['objection_filed', 'station', '城东司法所', '工单办理得分与全年派单记录不符，请复核'],
      ['objection_answered', 'leader', '城东司法所', '经核对派单记录，评分无误，维持原结果'],
    ]);
    await shoot(lp, 'leader-publicity');
    expect(leader.problems).toEqual([]);
    await leader.context.close();
  });

  it('the dashboard draws the grade counts and the submissions by day the API reports, each with its table', async () => {
    const leader = await openPage(browser);
    const lp = leader.page;
    await login(lp, t.url, await withPassword(t, s.users.leader.id));
    await visit(lp, t.url, '/dashboard');
    const api = (await t.http.get(`${base()}/dashboard`).set(t.as(s.users.leader)).expect(200)).body;
    expect(api.grades.map((g: any) => g.count)).toEqual([1, 1, 1, 0]);
    expect(api.progress.selfAssessmentsSubmitted.map((x: any) => [x.date, x.count])).toEqual([['2026-12-18', 1], ['2026-12-29', 1]]);

    const option = (name: string) => lp.locator(`[data-test=chart-${name}]`).evaluate((el: any) => {
      const o = el.getChartOption();
      return o && { series: o.series.map((x: any) => ({ name: x.name, data: x.data })), x: o.xAxis?.[0]?.data ?? null };
    });
    await lp.locator('[data-test=chart-grades] canvas').waitFor();
    const grades = await option('grades');
    expect(grades!.series[0].data.map((d: any) => [d.name, d.value])).toEqual(api.grades.map((g: any) => [g.label, g.count]));
    const submissions = await option('submissions');
    const perDay = Object.fromEntries(submissions!.x.map((x: string, i: number) => [x, submissions!.series[0].data[i]]));
    expect(perDay).toEqual({ '12-18': 1, '12-29': 1, '12-31': 0 }); // the deadline drawn too
    expect(submissions!.series[1].data.at(-1)).toBe(2);
    // the numbers one click away
    await lp.click('[data-test=table-grades]');
    const rows = await lp.locator('[data-test=data-grades] .el-table__body tr').allInnerTexts();
    expect(rows.map((r) => r.split(/\s+/).filter(Boolean))).toEqual(api.grades.map((g: any) => [g.label, String(g.count)]));
    await shoot(lp, 'dashboard');
    expect(leader.problems).toEqual([]);
    await leader.context.close();
  });
});
