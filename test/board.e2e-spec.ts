/**
 * The late board (催报看板) of a seeded subdistrict at four points of the year: mid-year with missing and late
 * months and reminders; December with submissions and a draft; after the deadline with overdue stations and an
 * extension; during scoring with items scored by two roles and result-notice delivery. Rows, totals, filters,
 * sorting, and the board / not-submitted XLSX read back cell by cell.
 */
import ExcelJS from 'exceljs';
import { CommandBus } from '@nestjs/cqrs';
import { PassDeadlineCommand, rebuildProjections } from '@app/assessment';
import { refreshBoardSummaries } from '@app/persistence';
import { SYSTEM_ACTOR } from '@app/platform';
import { createTestApp, SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

const YEAR = 2026;
let t: TestApp;
let s: SeededSubdistrict;

const NAMES = ['甲派出所', '乙市场监督管理所', '丙司法所', '丁自然资源所', '戊执法中队', '己税务所'];
const base = () => `/subdistricts/${s.id}/years/${YEAR}`;
const st = (name: string) => s.stations.find((x) => x.name === name)!;
const stationUrl = (name: string) => `${base()}/stations/${st(name).id}`;
const monthData = { meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 10, onTime: 10, overdue: 0, returnedForShirking: 0, falsified: 0 }, complaints: 0, satisfaction: { surveyed: 10, satisfied: 10 } };
const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];

async function record(name: string, month: number) {
  await t.http.put(`${stationUrl(name)}/months/${month}/special`).set(t.as(s.users.command_room)).send(monthData).expect(200);
}
async function board(query = '', user = s.users.coordinator) {
  return (await t.http.get(`${base()}/board${query}`).set(t.as(user)).expect(200)).body;
}
const row = (b: any, name: string) => b.rows.find((r: any) => r.name === name);
function submit(name: string) {
  const scores = JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '8'])));
  const justifications = JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '说明'])));
  return t.http.post(`${stationUrl(name)}/self-assessment/submit`).set(t.as(st(name).user)).field('scores', scores).field('justifications', justifications)
    .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' });
}
async function notice(name: string, kind: string, createdAt: string, delivery?: 'delivered' | 'failed' | 'pending') {
  const [n] = await t.db.dataSource.query(
    `INSERT INTO notices (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, title, payload, created_at)
     VALUES ($1, $2, $3, $4, 'station', $3, $5, '提醒', '{}', $6) RETURNING id`,
    [s.id, YEAR, st(name).id, kind, createdAt, createdAt],
  );
  if (delivery) await t.db.dataSource.query(`INSERT INTO deliveries (notice_id, channel, status) VALUES ($1, 'inbox', $2)`, [n.id, delivery]);
}
/** Notices about a station issued in ONE statement: [kind, occasion label, issue time] each. */
async function labelled(name: string, notices: [string, string, string][]) {
  await t.db.dataSource.query(
    `INSERT INTO notices (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, title, payload, created_at, occasion_label)
     SELECT $1, $2, $3::uuid, x.kind, 'station', $3::uuid, x.label, '提醒', '{}', x.at, x.label
     FROM unnest($4::text[], $5::text[], $6::timestamptz[]) AS x(kind, label, at)`,
    [s.id, YEAR, st(name).id, notices.map((n) => n[0]), notices.map((n) => n[1]), notices.map((n) => n[2])],
  );
}
async function xlsx(url: string) {
  const res = await t.http.get(url).set(t.as(s.users.coordinator)).buffer(true).parse((r, cb) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => cb(null, Buffer.concat(chunks)));
  }).expect(200);
  expect(res.headers['content-type']).toContain('spreadsheetml');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.body);
  return wb;
}
/** Every row of a sheet as an array of cell texts (1-based columns dropped). */
function cells(ws: ExcelJS.Worksheet): string[][] {
  const out: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (r) => out.push((r.values as any[]).slice(1).map((v) => (v === null || v === undefined ? '' : typeof v === 'object' && 'richText' in v ? v.richText.map((x: any) => x.text).join('') : String(v)))));
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  s = await seedSubdistrict(t.db.dataSource, {
    stations: NAMES.map((name, i) => ({
      name, kind: i % 2 === 0 ? 'independent' : 'regional', department: i < 3 ? '区公安分局' : '区司法局', staff: [`负责人${i}`, `人员${i}`],
    })) as any,
  });
  await t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).send({ year: YEAR }).expect(201);
});
afterAll(async () => {
  await t?.close();
});

describe('the late board through the year', () => {
  it('mid-year: missing and late months with days late, reminders sent, totals, filters and sorting', async () => {
    for (let month = 1; month <= 6; month++) {
      t.clock.set(`${YEAR}-${String(month + 1).padStart(2, '0')}-01T10:00:00+08:00`);
      for (const name of NAMES) {
        if (name === '甲派出所' && month === 3) continue;
        if (name === '乙市场监督管理所' && month >= 5) continue;
        if (name === '丙司法所' && month === 2) continue;
        await record(name, month);
      }
    }
    t.clock.set('2026-04-10T10:00:00+08:00');
    await record('丙司法所', 2); // due 2026-03-06 00:00, recorded 35 days 10 hours later
    await notice('甲派出所', 'reminder', '2026-04-03T09:00:00+08:00');
    await notice('甲派出所', 'reminder', '2026-05-03T09:00:00+08:00');
    await notice('乙市场监督管理所', 'reminder', '2026-06-03T09:00:00+08:00');
    t.clock.set('2026-07-20T10:00:00+08:00');

    const b = await board();
    expect(b.rows.map((r: any) => r.name)).toEqual([...NAMES].sort(new Intl.Collator('zh-CN').compare));
    expect(row(b, '甲派出所')).toMatchObject({
      months: { due: 6, recorded: 5, missing: [{ month: 3, daysLate: 106 }], recordedLate: [], maxDaysLate: 106 },
      selfAssessment: { status: 'not_started', label: '未填报' },
      reminders: { count: 2, lastAt: new Date('2026-05-03T09:00:00+08:00').toISOString() },
      scoring: { itemsScored: 0, itemCount: 7, roles: [] },
      late: true,
    });
    expect(row(b, '乙市场监督管理所').months).toEqual({ due: 6, recorded: 4, missing: [{ month: 5, daysLate: 45 }, { month: 6, daysLate: 15 }], recordedLate: [], maxDaysLate: 45 });
    expect(row(b, '丙司法所').months).toEqual({ due: 6, recorded: 6, missing: [], recordedLate: [{ month: 2, daysLate: 36 }], maxDaysLate: 36 });
    expect(row(b, '丙司法所').late).toBe(false);
    expect(row(b, '丁自然资源所')).toMatchObject({ months: { recorded: 6, missing: [], maxDaysLate: 0 }, reminders: { count: 0, lastAt: null }, late: false });
    expect(b.totals).toMatchObject({
      stations: 6,
      months: { upToDate: 4, withMissing: 2, missingMonths: 3, label: '4 of 6 up to date, 2 with missing months' },
      selfAssessment: { submitted: 0, overdue: 0, notStarted: 6, label: '0 of 6 submitted, 0 overdue' },
    });

    expect((await board('?milestone=months')).rows.map((r: any) => r.name)).toEqual(['甲派出所', '乙市场监督管理所'].sort(new Intl.Collator('zh-CN').compare));
    expect((await board('?lateOnly=true&sort=daysLate&order=desc')).rows.map((r: any) => r.name)).toEqual(['甲派出所', '乙市场监督管理所']);
    const byLateness = await board('?sort=daysLate&order=desc');
    expect(byLateness.rows.slice(0, 3).map((r: any) => r.name)).toEqual(['甲派出所', '乙市场监督管理所', '丙司法所']);
    const regional = await board('?kind=regional');
    expect(regional.rows.map((r: any) => r.name).sort()).toEqual(['乙市场监督管理所', '丁自然资源所', '己税务所'].sort());
    expect(regional.totals.stations).toBe(3);
    const justice = await board(`?departmentId=${s.departments['区司法局']}`);
    expect(justice.rows.map((r: any) => r.name).sort()).toEqual(NAMES.slice(3).sort());
    const bad = await t.http.get(`${base()}/board?milestone=nope`).set(t.as(s.users.coordinator)).expect(400);
    expect(bad.body.details[0].field).toBe('milestone');
    // the leader reads the board; the command room and a station do not (DOMAIN: seeing who is late is the coordinator's)
    await board('', s.users.leader);
    await t.http.get(`${base()}/board`).set(t.as(s.users.command_room)).expect(403);
    await t.http.get(`${base()}/board`).set(t.as(st('甲派出所').user)).expect(403);
  });

  it('December: some submitted, a draft, the rest not started', async () => {
    for (let month = 7; month <= 11; month++) {
      t.clock.set(`${YEAR}-${String(month + 1).padStart(2, '0')}-01T08:00:00+08:00`);
      for (const name of NAMES) await record(name, month);
    }
    await t.http.post(`${base()}/self-assessment-window`).set(t.as(s.users.coordinator)).expect(200);
    t.clock.set('2026-12-20T10:00:00+08:00');
    await submit('丁自然资源所').expect(201);
    await submit('戊执法中队').expect(201);
    await t.http.put(`${stationUrl('己税务所')}/self-assessment`).set(t.as(st('己税务所').user))
      .send({ scores: { serveCentre: '9' }, justifications: { serveCentre: '草稿' } }).expect(200);
    await notice('己税务所', 'reminder', '2026-12-15T09:00:00+08:00');

    const b = await board();
    expect(Object.fromEntries(b.rows.map((r: any) => [r.name, r.selfAssessment.status]))).toEqual({
      甲派出所: 'not_started', 乙市场监督管理所: 'not_started', 丙司法所: 'not_started', 丁自然资源所: 'submitted', 戊执法中队: 'submitted', 己税务所: 'draft',
    });
    expect(row(b, '己税务所')).toMatchObject({ selfAssessment: { label: '草稿未提交' }, reminders: { count: 1 } });
    expect(b.totals.selfAssessment).toMatchObject({ submitted: 2, draft: 1, notStarted: 3, overdue: 0, label: '2 of 6 submitted, 0 overdue' });
    // months 7–11 on time; 甲 still misses March, 乙 May and June
    expect(row(b, '甲派出所').months).toMatchObject({ due: 11, recorded: 10 });
    expect(b.totals.months).toMatchObject({ upToDate: 4, withMissing: 2 });
    const pending = await board('?milestone=self_assessment');
    expect(pending.rows.map((r: any) => r.name).sort()).toEqual(['甲派出所', '乙市场监督管理所', '丙司法所', '己税务所'].sort());
  });

  it('after the deadline: overdue stations, an extension, a late submission; the XLSX lists read back', async () => {
    t.clock.set('2027-01-01T00:00:00+08:00');
    await t.app.get(CommandBus).execute(new PassDeadlineCommand(SYSTEM_ACTOR, { subdistrictId: s.id, year: YEAR }));
    t.clock.set('2027-01-02T10:00:00+08:00');
    await t.http.post(`${stationUrl('丙司法所')}/extension`).set(t.as(s.users.coordinator)).send({ until: '2027-01-10', reason: '负责人病休' }).expect(200);
    await notice('甲派出所', 'overdue_notice', '2027-01-01T09:00:00+08:00');

    let b = await board();
    expect(row(b, '丙司法所').selfAssessment).toMatchObject({ status: 'extended', label: '延期至2027-01-10', extendedUntil: '2027-01-10' });
    expect(row(b, '甲派出所')).toMatchObject({ selfAssessment: { status: 'overdue', label: '逾期未交' }, reminders: { count: 3, lastAt: new Date('2027-01-01T09:00:00+08:00').toISOString() } });
    expect(row(b, '己税务所').selfAssessment.status).toBe('overdue');
    expect(b.totals.selfAssessment).toMatchObject({ submitted: 2, overdue: 3, extended: 1, label: '2 of 6 submitted, 3 overdue' });

    t.clock.set('2027-01-05T15:00:00+08:00');
    await submit('丙司法所').expect(201);
    b = await board('?milestone=self_assessment&lateOnly=true&sort=reminders&order=desc');
    expect(b.rows.map((r: any) => r.name)).toEqual(['甲派出所', '己税务所', '乙市场监督管理所']); // ties by name in pinyin order
    expect(b.totals.selfAssessment).toMatchObject({ submitted: 3, submittedLate: 1, overdue: 3, extended: 0, label: '3 of 6 submitted, 3 overdue' });
    expect(row(await board(), '丙司法所').selfAssessment).toMatchObject({ status: 'submitted_late', label: '逾期提交' });

    const ns = (await xlsx(`${base()}/not-submitted.xlsx`)).worksheets[0];
    expect(ns.name).toBe('未提交自评名单');
    const nsCells = cells(ns);
    const header = nsCells.findIndex((r) => r[0] === '序号');
    expect(nsCells[header]).toEqual(['序号', '派驻机构', '类型', '派出部门', '负责人', '联系电话', '状态', '已催报（次）', '最近催报时间']);
    const body = nsCells.slice(header + 1).filter((r) => r[1]);
    expect(body.map((r) => [r[0], r[1], r[2], r[3], r[4], r[6], r[7]])).toEqual([
      ['1', '甲派出所', '独立派驻', '区公安分局', '负责人0', '逾期未交', '3'],
      ['2', '己税务所', '按区域设置派驻', '区司法局', '负责人5', '逾期未交', '1'],
      ['3', '乙市场监督管理所', '按区域设置派驻', '区公安分局', '负责人1', '逾期未交', '1'],
    ].sort((a, b) => new Intl.Collator('zh-CN').compare(a[1], b[1])).map((r, i) => [String(i + 1), ...r.slice(1)]));
    expect(nsCells.some((r) => r.join('').includes('未提交：3个派驻机构'))).toBe(true);

    // the latest notice (最近通知): a notice with an occasion label about 甲 (not a reminder: its count stays 3)
    await labelled('甲派出所', [['handoff', '测试·1月2日约谈告知', '2027-01-02T11:00:00+08:00']]);
    const lb = (await xlsx(`${base()}/board.xlsx`)).worksheets[0];
    expect(lb.name).toBe('催报看板');
    const lbCells = cells(lb);
    const h = lbCells.findIndex((r) => r[0] === '派驻机构');
    expect(lbCells[h]).toEqual(['派驻机构', '类型', '派出部门', '已报月数', '缺报月份', '最长逾期（天）', '自评表', '已催报（次）', '最近催报时间', '最近通知', '测评进度', '抄告送达']);
    const jia = lbCells.find((r) => r[0] === '甲派出所')!;
    expect(jia.slice(0, 8)).toEqual(['甲派出所', '独立派驻', '区公安分局', '10', '2026-03', expect.any(String), '逾期未交', '3']);
    const yi = lbCells.find((r) => r[0] === '乙市场监督管理所')!;
    expect(yi[4]).toBe('2026-05、2026-06');
    expect(lbCells.find((r) => r[0] === '丙司法所')![6]).toBe('逾期提交');
    // as the page shows it: the occasion over its issue time (Asia/Shanghai); a dash for a station never told anything
    expect(jia[9]).toBe('测试·1月2日约谈告知\n2027-01-02 11:00');
    expect(row(await board(), '丁自然资源所').lastNotice).toBeNull();
    expect(lbCells.find((r) => r[0] === '丁自然资源所')![9]).toBe('—');
    expect(lbCells.slice(0, h).flat().join(' ')).toContain('逾期未交');
  });

  it('during scoring: items scored by whom, result notices delivered', async () => {
    t.clock.set('2027-01-12T10:00:00+08:00');
    for (const k of ['platformParticipation', 'workOrders', 'satisfaction']) {
      await t.http.put(`${stationUrl('丁自然资源所')}/scores/special/${k}`).set(t.as(s.users.command_room)).send({ score: '9', reason: '测试分值，不依据平时记录' }).expect(200);
    }
    for (const k of ['serveCentre', 'performDuties']) {
      await t.http.put(`${stationUrl('丁自然资源所')}/scores/daily/${k}`).set(t.as(s.users.coordinator)).send({ score: '8', reason: '测试分值，不依据平时记录' }).expect(200);
    }
    for (const k of ITEMS) {
      const part = ['platformParticipation', 'workOrders', 'satisfaction'].includes(k) ? 'special' : 'daily';
      await t.http.put(`${stationUrl('戊执法中队')}/scores/${part}/${k}`).set(t.as(s.users.coordinator)).send({ score: '8', reason: '测试分值，不依据平时记录' }).expect(200);
    }
    await notice('戊执法中队', 'result_notice', '2027-01-12T09:00:00+08:00', 'delivered');
    await notice('戊执法中队', 'result_notice', '2027-01-12T09:00:01+08:00', 'failed');

    const b = await board();
    expect(row(b, '丁自然资源所').scoring).toMatchObject({ itemsScored: 5, itemCount: 7, roles: ['command_room', 'coordinator'], roleLabels: ['街道综合指挥室', '“四个平台”绩效考核(协调)组'], complete: false });
    expect(row(b, '戊执法中队').scoring).toMatchObject({ itemsScored: 7, roles: ['coordinator'], complete: true });
    expect(row(b, '戊执法中队').notices).toEqual({ delivered: 1, total: 2, failed: 1 });
    expect(b.totals.scoring).toMatchObject({ complete: 1, inProgress: 1, notStarted: 4, label: '1 of 6 scored, 1 in progress' });
    expect(b.totals.notices).toMatchObject({ delivered: 1, total: 2, failed: 1 });
    expect((await board('?milestone=notices&lateOnly=true')).rows.map((r: any) => r.name)).toEqual(['戊执法中队']);
    expect((await board('?milestone=scoring&sort=scoring&order=desc')).rows[0].name).toBe('丁自然资源所');
  });

  it('the board summary the writers keep equals one rebuilt from the events and the notices, and so does the board', async () => {
    // a re-score, a daily record beside a special one, a correction,
    // a failed delivery retried and delivered (the delivery trigger's UPDATE path)
    await t.http.put(`${stationUrl('丁自然资源所')}/scores/daily/serveCentre`).set(t.as(s.users.coordinator)).send({ score: '7', comment: '复核', reason: '复核：服务中心重点工作未完成' }).expect(200);
    await t.http.put(`${stationUrl('甲派出所')}/months/3/daily`).set(t.as(s.users.coordinator)).send({ deductions: [], reason: '补录' }).expect(200);
    await t.http.put(`${stationUrl('甲派出所')}/months/3/special`).set(t.as(s.users.command_room)).send({ ...monthData, reason: '更正' }).expect(200);
    await t.db.dataSource.query(`UPDATE deliveries SET status = 'delivered' WHERE status = 'failed'`);
    // occasions (labels only this test issues, after any the sweep issued): the latest notice about a station by issue time, whatever the order
    // of issue and the kind; two issued at one instant in one statement: the label in code-point order decides
    await labelled('甲派出所', [['reminder', '测试·12月15日自评提醒', '2027-06-15T09:00:00+08:00']]);
    await labelled('甲派出所', [['reminder', '测试·12月24日自评提醒', '2027-06-24T09:00:00+08:00']]);
    await labelled('甲派出所', [['handoff', '测试·12月1日自评开始', '2027-06-01T09:00:00+08:00']]);
    await labelled('乙市场监督管理所', [['reminder', '测试·12月15日自评提醒', '2027-06-15T09:00:00+08:00'], ['overdue_notice', '测试·1月4日逾期通知', '2027-06-15T09:00:00+08:00']]);
    const occasions = await board();
    expect(row(occasions, '甲派出所').lastNotice).toEqual({ occasion: '测试·12月24日自评提醒', issuedAt: new Date('2027-06-24T09:00:00+08:00').toISOString() });
    expect(row(occasions, '乙市场监督管理所').lastNotice.occasion).toBe('测试·1月4日逾期通知'); // '1月' > '12' in code points
    expect(occasions.occasions).toEqual(expect.arrayContaining(['测试·12月15日自评提醒', '测试·12月24日自评提醒', '测试·12月1日自评开始', '测试·1月4日逾期通知']));
    const sent = await board(`?occasion=${encodeURIComponent('测试·12月15日自评提醒')}`);
    expect(sent.rows.map((r: any) => r.name).sort()).toEqual(['甲派出所', '乙市场监督管理所'].sort());
    expect(sent.filters.occasion).toBe('测试·12月15日自评提醒');
    expect((await board(`?occasion=${encodeURIComponent('测试·12月1日自评开始')}`)).rows.map((r: any) => r.name)).toEqual(['甲派出所']);
    expect((await t.http.get(`${base()}/board?occasion=${'长'.repeat(101)}`).set(t.as(s.users.coordinator)).expect(400)).body.details[0].field).toBe('occasion');
    // one statement about a station-year that has a summary row and one that has none (the notices trigger's update
    // and insert paths at once)
    await t.db.dataSource.query(
      `INSERT INTO notices (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, title, payload, created_at, occasion_label)
       SELECT $1, y, $2, 'reminder', 'station', $2, '测试·两年', '提醒', '{}', '2027-06-10T09:00:00+08:00', '测试·两年' FROM unnest($3::int[]) y`,
      [s.id, st('丙司法所').id, [YEAR, YEAR + 1]]);
    const [next] = await t.db.dataSource.query(`SELECT reminders, occasions FROM board_summaries WHERE station_id = $1 AND year = $2`, [st('丙司法所').id, YEAR + 1]);
    expect(next).toEqual({ reminders: 1, occasions: ['测试·两年'] });
    const summaries = () => t.db.dataSource.query(`SELECT * FROM board_summaries ORDER BY station_id, year`);
    const live = JSON.parse(JSON.stringify(await summaries()));
    const liveBoard = await board();
    expect(row(liveBoard, '戊执法中队').notices).toEqual({ delivered: 2, total: 2, failed: 0 });
    expect(live.length).toBeGreaterThanOrEqual(NAMES.length);

    await t.db.dataSource.transaction((tx) => refreshBoardSummaries(tx));
    expect(JSON.parse(JSON.stringify(await summaries()))).toEqual(live);
    await t.db.dataSource.transaction((tx) => rebuildProjections(tx));
    expect(JSON.parse(JSON.stringify(await summaries()))).toEqual(live);
    expect(await board()).toEqual(liveBoard);
  });
});
