/**
 * `npm run demo`: a whole assessment year of 城东街道 through the real API and worker, on a simulated clock.
 * The API listens on a local port and every step is an HTTP call, as a coordinator, a station or a leader would
 * make it; the worker's sweep runs at each simulated moment it matters (reminders at 09:00, the deadline at
 * midnight), and the notices are delivered by the worker's queue processors.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { hashPassword } from '@app/auth';
import { ManualClock, Runtime, startRuntime } from '@app/platform';
import { createApp, SweepService } from '../../../main/src/index';
import {
  ASSESSED_STATIONS, DAILY_ITEMS, DEMO_STATIONS, DEMO_SUBDISTRICT, DemoStation, demoDeductions, demoMonth, recordedMonths, SPECIAL_ITEMS,
} from './demo-data';
import { Http } from './http-client';
import { Steps } from './progress';

const YEAR = 2026;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const at = (local: string) => `${local}+08:00`;

export interface DemoRow {
  rank: number;
  name: string;
  total: string;
  grade: string;
  gradeLabel: string;
  bonusYuan: number;
}

export interface DemoResult {
  subdistrictId: string;
  rows: DemoRow[];
  budgetYuan: number;
  reminders: number;
  notices: { total: number; delivered: number; resultNotices: number };
  /** Stations outside the four platforms: listed, never ranked or paid. */
  notAssessed: string[];
  files: string[];
  /** with `serve`: the running app (the caller closes it) and one account per role */
  served?: { url: string; accounts: { role: string; username: string; password: string }[]; close(): Promise<void> };
}

export async function runDemo(
  config: AppConfig,
  { out = (l: string) => process.stdout.write(l + '\n'), outDir, quick = false, serve }: {
    out?: (l: string) => void; outDir: string; quick?: boolean;
    /** keep the API running on this port afterwards (`npm run demo -- --serve`) */
    serve?: { port: number; host: string };
  },
): Promise<DemoResult> {
  const clock = new ManualClock(at('2026-01-05T09:00:00'));
  const steps = new Steps(out, 12);
  let runtime: Runtime | undefined;
  let app: INestApplication | undefined;
  // the departments' work-chat robot (工作群机器人): a local receiver standing in for the real one
  const robot = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}'));
  });
  await new Promise<void>((resolve) => robot.listen(0, '127.0.0.1', resolve));
  const robotUrl = `http://127.0.0.1:${(robot.address() as { port: number }).port}/robot`;
  const robotContact = { channels: ['inbox', 'webhook'], webhookUrl: robotUrl, webhookSecret: 'demo-robot-secret-2026' };
  try {
    const started = await steps.step('启动数据库、API 与后台任务（模拟时钟）', async () => {
      runtime = await startRuntime({ config, clock });
      // served: the app owns the runtime, so Ctrl-C (Nest's shutdown hooks) also stops the embedded database
      app = await createApp(runtime, { logs: false, withWorker: true, ownsRuntime: Boolean(serve) });
      await app.listen(serve?.port ?? 0, serve ? serve.host : '127.0.0.1');
      return { http: new Http(await app.getUrl()), sweep: app.get(SweepService) };
    });
    const { http, sweep } = started;
    const db = runtime!.dataSource;
    const sweepAt = async (local: string) => {
      clock.set(at(local));
      await sweep.run();
    };

    // --- master data, through the admin API
    const { sid, tokens, stations: allStations, admin, hr } = await steps.step(`建立${DEMO_SUBDISTRICT.name}、${DEMO_STATIONS.length}个派驻站所及人员、账号与报送令牌`, async () => {
      const password = 'demo-password-2026';
      await db.query(`INSERT INTO users (username, display_name, role, password_hash) VALUES ('demo-admin', '系统管理员', 'admin', $1)`, [await hashPassword(password)]);
      const login = async (username: string) => (await http.call('POST', '/auth/login', { body: { username, password } })).accessToken as string;
      const admin = await login('demo-admin');
      const sid: string = (await http.post('/subdistricts', admin, DEMO_SUBDISTRICT)).id;
      const sub = `/subdistricts/${sid}`;
      // the organisation department is registered without its robot: the release will say so
      const hr = await http.post(`${sub}/departments`, admin, { name: '区委组织部', kind: 'hr' });
      const departments = new Map<string, string>();
      for (const d of [...new Set(DEMO_STATIONS.map((s) => s.department))]) {
        departments.set(d, (await http.post(`${sub}/departments`, admin, { name: d, kind: 'dispatching', ...robotContact })).id);
      }
      const stations = new Map<string, { id: string; station: DemoStation; token?: string; staff: string[] }>();
      for (const s of DEMO_STATIONS) {
        const created = await http.post(`${sub}/stations`, admin, {
          name: s.name, kind: s.kind, departmentId: departments.get(s.department), headcount: s.staff.length, headName: s.staff[0],
          fourPlatforms: s.fourPlatforms !== false,
        });
        const staff: string[] = [];
        for (const [i, name] of s.staff.entries()) {
          staff.push((await http.post(`${sub}/staff`, admin, { stationId: created.id, name, position: i === 0 ? '负责人' : '工作人员', isHead: i === 0 })).id);
        }
        stations.set(s.name, { id: created.id, station: s, staff });
      }
      // the three offices log in with passwords; each station's reporting system submits with a station API token
      const tokens: Record<string, string> = {};
      for (const [username, displayName, role] of [['cd-coordinator', '协调组 林芳', 'coordinator'], ['cd-command', '指挥室 马超', 'command_room'], ['cd-leader', '领导小组 王书记', 'leader']]) {
        const u = await http.post(`${sub}/users`, admin, { username, displayName, role });
        // the administrator hands out a first password; at the first login each person chooses their own
        await http.put(`/users/${u.id}/password`, admin, { newPassword: `${password}-first` });
        const first = (await http.call('POST', '/auth/login', { body: { username, password: `${password}-first` } })).accessToken as string;
        await http.put(`/users/${u.id}/password`, first, { oldPassword: `${password}-first`, newPassword: password });
        tokens[role] = await login(username);
      }
      for (const [i, s] of [...stations.values()].entries()) {
        await http.post(`${sub}/users`, admin, { username: `cd-station-${i + 1}`, displayName: `${s.station.name}联络员`, role: 'station', stationId: s.id });
        tokens[s.id] = (await http.post('/auth/api-tokens', admin, { name: `${s.station.name}报送系统`, role: 'station', subdistrictId: sid, stationId: s.id })).token;
      }
      return { sid, tokens, stations, admin, hr };
    });
    // stations outside the four platforms are not assessed: the year has none of their records, scores or money
    const stations = new Map([...allStations].filter(([, s]) => s.station.fourPlatforms !== false));
    const base = `/subdistricts/${sid}/years/${YEAR}`;
    const st = (s: { id: string }) => `${base}/stations/${s.id}`;
    const { coordinator, command_room: commandRoom, leader } = tokens;
    const monthData = (s: { station: DemoStation }, m: number) => demoMonth(s.station, m, quick);
    const records = (s: { station: DemoStation }, m: number) => recordedMonths(s.station, quick).includes(m);

    await steps.step('开启2026年度考核（锁定考核办法版本 2021-trial）', () => http.post(`/subdistricts/${sid}/years`, coordinator, { year: YEAR }));

    await steps.step('平时考核：1—11月“四个平台”月度记录与日常管理扣分（部分迟报、一个月缺报），每月3日提醒、6日督办', async () => {
      // the quick form (tests) records only the autumn months: results do not depend on the others
      for (let month = quick ? 9 : 1; month <= 11; month++) {
        const next = month === 12 ? `${YEAR + 1}-01` : `${YEAR}-${String(month + 1).padStart(2, '0')}`;
        clock.set(at(`${next}-02T10:00:00`));
        for (const s of stations.values()) {
          if (s.station.behaviour === 'lateRecords' || !records(s, month)) continue;
          await http.put(`${st(s)}/months/${month}/special`, commandRoom, monthData(s, month));
        }
        await sweepAt(`${next}-03T09:00:00`);
        await sweepAt(`${next}-06T09:00:00`);
        clock.set(at(`${next}-08T10:00:00`));
        for (const s of stations.values()) {
          if (s.station.behaviour === 'lateRecords' && records(s, month)) await http.put(`${st(s)}/months/${month}/special`, commandRoom, monthData(s, month));
        }
      }
      // the coordination group's daily-management deductions, each with its reason and evidence
      for (const s of stations.values()) {
        for (const { month, deductions } of demoDeductions(s.station, quick)) await http.put(`${st(s)}/months/${month}/daily`, coordinator, { deductions });
      }
    });

    await steps.step('创新工作：登记并核实获上级肯定推广的创新举措', async () => {
      for (const s of stations.values()) {
        for (const level of s.station.recognitions ?? []) {
          const { recognitionId } = await http.post(`${st(s)}/recognitions`, coordinator, {
            level, title: `${s.station.name}创新工作经验获${{ district: '区', city: '市', province: '省', national: '国家' }[level]}级推广`,
            issuer: '上级主管部门', recognisedOn: '2026-09-18', evidence: '简报及推广文件',
          });
          await http.post(`${st(s)}/recognitions/${recognitionId}/verify`, coordinator, {});
        }
      }
    });

    await steps.step('12月1日开放自评；站所提交自评表与年度工作总结；15/24/29/31日只提醒未提交的站所', async () => {
      await sweepAt('2026-12-01T09:00:00');
      const submit = async (s: { id: string; station: DemoStation }) => {
        const items = [...DAILY_ITEMS, ...SPECIAL_ITEMS];
        const form = new FormData();
        form.set('scores', JSON.stringify(Object.fromEntries(items.map((k, i) => [k, s.station.scores[i]]))));
        form.set('justifications', JSON.stringify(Object.fromEntries(items.map((k) => [k, '对照考核办法逐项自评，详见年度工作总结']))));
        form.set('report', new Blob([PDF], { type: 'application/pdf' }), `${s.station.name}2026年度工作总结.pdf`);
        await http.call('POST', `${st(s)}/self-assessment/submit`, { token: tokens[s.id], form });
      };
      const all = [...stations.values()];
      const eager = all.filter((s, i) => !s.station.behaviour && i % 3 !== 2);
      const later = all.filter((s) => !eager.includes(s) && s.station.behaviour !== 'extension' && s.station.behaviour !== 'overdue');
      clock.set(at('2026-12-10T15:00:00'));
      for (const s of eager) await submit(s);
      await sweepAt('2026-12-15T09:00:00');
      clock.set(at('2026-12-22T11:00:00'));
      for (const s of later) await submit(s);
      for (const day of ['24', '29', '31']) await sweepAt(`2026-12-${day}T09:00:00`);
      return { submit };
    }).then(async ({ submit }) => {
      await steps.step('1月1日零时截止：未提交的站所逾期；协调组批准一家延期，延期内补交（记为迟交）', async () => {
        await sweepAt('2027-01-01T00:00:00');
        await sweepAt('2027-01-04T09:00:00');
        // December's four-platform data, due on 5 January
        clock.set(at('2027-01-04T09:30:00'));
        for (const s of stations.values()) if (records(s, 12)) await http.put(`${st(s)}/months/12/special`, commandRoom, monthData(s, 12));
        const ext = [...stations.values()].find((s) => s.station.behaviour === 'extension')!;
        clock.set(at('2027-01-04T10:00:00'));
        await http.post(`${st(ext)}/extension`, coordinator, { until: '2027-01-08', reason: '年底执勤任务重，经协调组研究同意延期' });
        clock.set(at('2027-01-07T16:00:00'));
        await submit(ext);
      });
    });

    // the suggested score (建议分) of every item, computed by the policy from the station's records
    const suggested = async (s: { id: string }) => {
      const form = await http.get(`${st(s)}/scores`, coordinator);
      return new Map<string, string>(form.parts.flatMap((p: any) => p.items.map((i: any) => [i.key, i.suggested.score])));
    };

    await steps.step('测评打分：按平时记录计算建议分，指挥室评专项管理、协调组评日常管理，逐站确认', async () => {
      clock.set(at('2027-01-11T10:00:00'));
      // months without records are waived by the coordination group, with the reason
      for (const s of stations.values()) {
        const missing = Array.from({ length: 12 }, (_, i) => i + 1).filter((m) => !records(s, m));
        if (!missing.length) continue;
        const reason = quick && missing.some((m) => m < 9) ? '演示快速模式：1—8月数据未录入' : '7月站所搬迁，“四个平台”暂停派单';
        await http.post(`${st(s)}/months/waivers`, coordinator, { months: missing, reason });
      }
      for (const s of stations.values()) {
        const scores = await suggested(s);
        for (const item of SPECIAL_ITEMS) {
          const departure = s.station.departure?.item === item ? s.station.departure : null;
          await http.put(`${st(s)}/scores/special/${item}`, commandRoom, departure
            ? { score: departure.score, reason: departure.reason }
            : { score: scores.get(item), comment: '依据“四个平台”全年数据' });
        }
        for (const item of DAILY_ITEMS) {
          // one station's 作风效能 is marked down below its records: a departure needs its reason (the leaders will see it)
          const departs = s.station.behaviour === 'returned' && item === 'workStyle';
          await http.put(`${st(s)}/scores/daily/${item}`, coordinator, departs
            ? { score: '11', reason: '年终走访中群众对窗口服务意见较多，酌情扣分' }
            : { score: scores.get(item) });
        }
        await http.post(`${st(s)}/scores/finalise`, coordinator);
      }
      // an independent station's member is graded individually (at most one grade from the station's), with the reason
      const police = [...stations.values()][0];
      await http.put(`${st(police)}/persons/${police.staff[3]}/grade`, coordinator, { grade: 'good', reason: '年内病假超过半年，按规定评为良好' });
    });

    await steps.step('计算排名、等次（优秀比例30%）与奖金，报领导小组审定', async () => {
      await http.post(`${base}/results/compute`, coordinator);
      await http.post(`${base}/results/submit`, coordinator);
    });

    await steps.step('领导小组退回一家站所复核（附理由），重新测评后审定通过', async () => {
      const returned = [...stations.values()].find((s) => s.station.behaviour === 'returned')!;
      clock.set(at('2027-01-15T15:00:00'));
      await http.post(`${base}/results/return`, leader, { stationId: returned.id, reason: '作风效能得分与平时记录不符，请复核' });
      await http.put(`${st(returned)}/scores/daily/workStyle`, coordinator, { score: (await suggested(returned)).get('workStyle'), comment: '复核平时记录后按建议分评定' });
      await http.post(`${st(returned)}/scores/finalise`, coordinator);
      await http.post(`${base}/results/compute`, coordinator);
      await http.post(`${base}/results/submit`, coordinator);
      clock.set(at('2027-01-18T10:00:00'));
      await http.post(`${base}/results/approve`, leader, { reason: '经街道考核领导小组会议审定' });
    });

    const delivered = await steps.step('发布结果：组织人事部门登记工作群机器人后，向派出部门、组织人事部门和站所发送抄告单', async () => {
      clock.set(at('2027-01-20T09:00:00'));
      // refused while the organisation department has nobody who can read its copy
      const refused = await http.call('POST', `${base}/results/release`, { token: leader, body: { reason: '审定结果予以发布' }, expect: 409 });
      out(`    发布被拒：${refused.message}`);
      const dept = (await http.get(`/subdistricts/${sid}/departments`, admin)).find((d: any) => d.id === hr.id);
      await http.call('PATCH', `/subdistricts/${sid}/departments/${hr.id}`, { token: admin, body: { version: dept.version, ...robotContact } });
      await http.post(`${base}/results/release`, leader, { reason: '审定结果予以发布' });
      const until = Date.now() + 30_000;
      for (;;) {
        const [c] = await db.query(`SELECT count(DISTINCT n.id)::int AS notices, count(*)::int AS total, count(*) FILTER (WHERE d.status = 'delivered')::int AS delivered
                                    FROM notices n JOIN deliveries d ON d.notice_id = n.id WHERE n.subdistrict_id = $1 AND n.kind = 'result_notice'`, [sid]);
        if (c.notices >= ASSESSED_STATIONS.length * 3 && c.delivered === c.total) return c;
        if (Date.now() > until) throw new Error(`only ${c.delivered} of ${c.total} result notices delivered`);
        await new Promise((r) => setTimeout(r, 100));
      }
    });

    const files = await steps.step('导出结果汇总表、奖金预算表（XLSX）与抄告单（PDF）', async () => {
      fs.mkdirSync(outDir, { recursive: true });
      const written: string[] = [];
      for (const [kind, name] of [['result_table', '考核结果汇总表.xlsx'], ['bonus_budget', '奖金预算表.xlsx']]) {
        const { exportId } = await http.post(`${base}/exports`, coordinator, { kind });
        const until = Date.now() + 20_000;
        while ((await http.get(`${base}/exports/${exportId}`, coordinator)).status !== 'ready') {
          if (Date.now() > until) throw new Error(`export ${kind} did not finish`);
          await new Promise((r) => setTimeout(r, 100));
        }
        const file = path.join(outDir, name);
        fs.writeFileSync(file, await http.call('GET', `${base}/exports/${exportId}/file`, { token: coordinator }));
        written.push(file);
      }
      const [notice] = await db.query(`SELECT id, number FROM notices WHERE subdistrict_id = $1 AND kind = 'result_notice' AND recipient_type = 'department' ORDER BY length(number), number LIMIT 1`, [sid]);
      const pdf = path.join(outDir, `抄告单-${notice.number}.pdf`);
      fs.writeFileSync(pdf, await http.call('GET', `/subdistricts/${sid}/notices/${notice.id}.pdf`, { token: coordinator }));
      written.push(pdf);
      return written;
    });

    const served = serve ? await serveAccounts() : undefined;
    const table = await http.get(`${base}/results`, leader);
    const [{ reminders }] = await db.query(`SELECT count(*)::int AS reminders FROM notices WHERE subdistrict_id = $1 AND kind <> 'result_notice'`, [sid]);
    const [notices] = await db.query(`SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'delivered')::int AS delivered
                                      FROM deliveries d JOIN notices n ON n.id = d.notice_id WHERE n.subdistrict_id = $1`, [sid]);
    return {
      subdistrictId: sid,
      rows: table.rows.map((r: any) => ({ rank: r.rank, name: r.name, total: r.total, grade: r.grade, gradeLabel: r.gradeLabel, bonusYuan: r.bonusYuan })),
      budgetYuan: table.budgetYuan,
      reminders,
      notices: { total: notices.total, delivered: notices.delivered, resultNotices: delivered.notices },
      notAssessed: table.notAssessed.map((n: any) => n.name),
      files,
      served,
    };

    /** Console accounts for a newcomer: the demo's own passwords, already chosen (no forced change), one per role. */
    async function serveAccounts(): Promise<NonNullable<DemoResult['served']>> {
      const password = 'demo-password-2026';
      const admin = (await http.call('POST', '/auth/login', { body: { username: 'demo-admin', password } })).accessToken as string;
      const [station] = await db.query(`SELECT id FROM users WHERE username = 'cd-station-1'`);
      await http.put(`/users/${station.id}/password`, admin, { newPassword: password });
      await db.query(`UPDATE users SET must_change_password = false WHERE username IN ('demo-admin', 'cd-coordinator', 'cd-command', 'cd-leader', 'cd-station-1')`);
      const accounts = [
        ['协调组', 'cd-coordinator'], ['指挥室', 'cd-command'], ['领导小组', 'cd-leader'], ['站所联络员', 'cd-station-1'], ['系统管理员', 'demo-admin'],
      ].map(([role, username]) => ({ role, username, password }));
      const url = `http://localhost:${serve!.port}/console/`;
      return { url, accounts, close: async () => { await app?.close(); } };
    }
  } finally {
    if (!serve) {
      await app?.close();
      await runtime?.stop();
      await new Promise((resolve) => robot.close(resolve));
    }
  }
}

/** The result table as people read it. */
export function printResult(r: DemoResult, out: (l: string) => void = (l) => process.stdout.write(l + '\n')): void {
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u0000-\u00ff]/.test(ch) ? 1 : 2), 0);
  const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
  const padStart = (s: string, n: number) => ' '.repeat(Math.max(0, n - width(s))) + s;
  out('');
  out(`${DEMO_SUBDISTRICT.name}2026年度派驻机构考核结果`);
  out(`${pad('名次', 6)}${pad('站所', 26)}${padStart('总分', 8)}  ${pad('等次', 8)}${padStart('奖金(元)', 10)}`);
  for (const row of r.rows) {
    out(`${pad(String(row.rank), 6)}${pad(row.name, 26)}${padStart(row.total, 8)}  ${pad(row.gradeLabel, 8)}${padStart(row.bonusYuan.toLocaleString('en-US'), 10)}`);
  }
  for (const name of r.notAssessed) out(`${pad('—', 6)}${pad(name, 26)}${padStart('', 8)}  ${pad('不参加考核', 8)}`);
  out(`${pad('', 6)}${pad('奖金合计', 26)}${padStart('', 8)}  ${pad('', 8)}${padStart(r.budgetYuan.toLocaleString('en-US'), 10)}`);
  out('');
  out(`提醒与催报通知：${r.reminders} 条；抄告单：${r.notices.resultNotices} 份；投递（站内信等渠道）：${r.notices.delivered}/${r.notices.total} 已送达`);
  out('导出文件：');
  for (const f of r.files) out(`  ${f}`);
}
