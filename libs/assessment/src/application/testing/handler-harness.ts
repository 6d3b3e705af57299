/**
 * A small harness for the handler specs: the real AssessmentModule behind the real CommandBus, on a fresh
 * migrated PostgreSQL database per spec file (no mocks), a ManualClock, and helpers to seed a subdistrict and to
 * bring a year to a given stage by running the commands that precede it.
 *
 * Use one harness per spec file (beforeAll / afterAll) and one seeded subdistrict per test that needs a clean year.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Module, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { Command, CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test, TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import { loadConfig } from '@app/config';
import { Actor, Clock, ManualClock, PlatformModule, Runtime, startRuntime } from '@app/platform';
// the sub-paths, not '@app/testing': its index also loads the whole HTTP app (test-app.ts)
import { createTestDatabase, TestDatabase } from '@app/testing/test-database';
import { SAMPLE_PDF, seedSubdistrict, SeededSubdistrict, SeedStation } from '@app/testing/seed';
import { AssessmentModule } from '../../assessment.module';
import { OpenYearCommand } from '../open-year/open-year.command';
import { OpenWindowCommand } from '../open-window/open-window.command';
import { SubmitSelfAssessmentCommand } from '../submit-self-assessment/submit-self-assessment.command';
import { ScoreItemCommand } from '../score-item/score-item.command';
import { WaiveMonthsCommand } from '../waive-months/waive-months.command';
import { FinaliseScoresCommand } from '../finalise-scores/finalise-scores.command';
import { ComputeResultsCommand } from '../compute-results/compute-results.command';
import { SubmitForApprovalCommand } from '../submit-for-approval/submit-for-approval.command';
import { ApproveResultsCommand } from '../approve-results/approve-results.command';
import { ReleaseResultsCommand } from '../release-results/release-results.command';
import { PassDeadlineCommand } from '../pass-deadline/pass-deadline.command';
import type { SelfAssessmentInput } from '../save-draft/save-draft.command';
import type { StationYearRef, YearRef } from '../refs';

export const YEAR = 2026;
/** A policy variant with publicity (公示) switched on; in force only from 2090, so it is used only when named. */
export const PUBLICITY_POLICY = 'publicity-test';
export const DAILY = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding'] as const;
export const SPECIAL = ['platformParticipation', 'workOrders', 'satisfaction'] as const;

/** Hand-set scores per seeded station (by index): daily items then special items, in points. */
export const SCORE_SETS: string[][] = [
  ['9.5', '9', '14', '14', '19', '18.5', '9'], // 93.0
  ['9', '9', '13', '14', '18', '18', '9'], // 90.0
  ['8', '8', '12', '12', '16', '16', '8'], // 80.0
  ['6', '6', '9', '9', '12', '12', '6'], // 60.0
];

/** Instants the stages run at (Asia/Shanghai). */
const ALL_MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

export const TIMES = {
  opened: '2026-11-20T09:00:00+08:00',
  window: '2026-12-01T09:00:00+08:00',
  submitted: '2026-12-20T10:00:00+08:00',
  deadlinePassed: '2027-01-01T00:00:00+08:00',
  scored: '2027-01-05T10:00:00+08:00',
  decided: '2027-01-12T10:00:00+08:00',
} as const;

export interface Harness {
  bus: CommandBus;
  module: TestingModule;
  runtime: Runtime;
  db: TestDatabase;
  clock: ManualClock;
  sql<T = any>(query: string, params?: unknown[]): Promise<T[]>;
  exec<R>(command: Command<R>): Promise<R>;
  close(): Promise<void>;
}

let configDir: string | undefined;

/** config/ with the shipped calendars and policy, plus the publicity-enabled variant. */
function testConfigDir(): string {
  if (configDir) return configDir;
  const shipped = path.resolve(__dirname, '../../../../../config');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sa-handler-config-'));
  fs.cpSync(path.join(shipped, 'calendars'), path.join(dir, 'calendars'), { recursive: true });
  fs.cpSync(path.join(shipped, 'policies'), path.join(dir, 'policies'), { recursive: true });
  const policy = JSON.parse(fs.readFileSync(path.join(shipped, 'policies', '2021-trial.json'), 'utf8'));
  policy.version = PUBLICITY_POLICY;
  policy.effectiveFrom = '2090-01-01';
  policy.publicity = { ...policy.publicity, enabled: true, workingDays: 5 };
  fs.writeFileSync(path.join(dir, 'policies', `${PUBLICITY_POLICY}.json`), JSON.stringify(policy, null, 2));
  configDir = dir;
  return dir;
}

/**
 * Starts the real runtime (PostgreSQL queue backend, no Redis needed) and the AssessmentModule.
 * `extraHandlers`: handlers of new use cases the module does not register yet (registered here only if missing).
 */
export async function createHarness({ start = TIMES.opened, extraHandlers = [] as Type[] } = {}): Promise<Harness> {
  const db = await createTestDatabase();
  const clock = new ManualClock(start);
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'error',
      QUEUE_PREFIX: 'h' + randomBytes(4).toString('hex'),
      DATA_DIR: path.join(os.tmpdir(), `sa-handler-${db.name}`),
      CONFIG_DIR: testConfigDir(),
    });
    runtime = await startRuntime({ config, clock: clock as Clock });
    const registered: unknown[] = Reflect.getMetadata(MODULE_METADATA.PROVIDERS, AssessmentModule) ?? [];
    const missing = extraHandlers.filter((h) => !registered.includes(h));
    @Module({ imports: [AssessmentModule], providers: missing })
    class HandlerSpecModule {}
    const module = await Test.createTestingModule({
      imports: [PlatformModule.forRuntime(runtime), CqrsModule.forRoot(), HandlerSpecModule],
    }).compile();
    module.useLogger(false);
    await module.init();
    const bus = module.get(CommandBus);
    const rt = runtime;
    return {
      bus,
      module,
      runtime: rt,
      db,
      clock,
      sql: (query, params) => rt.dataSource.query(query, params),
      exec: (command) => bus.execute(command),
      async close() {
        await module.close();
        await rt.stop();
        await db.drop();
      },
    };
  } catch (e) {
    await runtime?.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
    throw e;
  }
}

// ---------------------------------------------------------------- a seeded subdistrict and its actors

export interface World {
  s: SeededSubdistrict;
  year: YearRef;
  ref(i: number): StationYearRef;
  coordinator: Actor;
  commandRoom: Actor;
  leader: Actor;
  station(i: number): Actor;
}

let seq = 0;

export const TWO_STATIONS: SeedStation[] = [
  { name: '派出所', kind: 'independent', department: '区公安分局', staff: ['张建国', '李明', '王芳'] },
  { name: '司法所', kind: 'regional', department: '区司法局', staff: ['赵敏', '孙磊'] },
];

/** A fresh subdistrict (its own year, stations and users), so tests in one file do not share state. */
export async function seedWorld(h: Harness, stations: SeedStation[] = TWO_STATIONS): Promise<World> {
  seq += 1;
  const tag = `${seq}${randomBytes(2).toString('hex')}`;
  const s = await seedSubdistrict(h.runtime.dataSource, { name: `测试街道${tag}`, abbr: `测${tag}`, stations, reachableDepartments: true });
  const actor = (id: string, role: Actor['role'], stationId: string | null = null): Actor => ({
    userId: id, username: `${role}-${id.slice(0, 6)}`, role, subdistrictId: s.id, stationId,
  });
  return {
    s,
    year: { subdistrictId: s.id, year: YEAR },
    ref: (i) => ({ subdistrictId: s.id, stationId: s.stations[i].id, year: YEAR }),
    coordinator: actor(s.users.coordinator.id, 'coordinator'),
    commandRoom: actor(s.users.command_room.id, 'command_room'),
    leader: actor(s.users.leader.id, 'leader'),
    station: (i) => actor(s.stations[i].user.id, 'station', s.stations[i].id),
  };
}

// ---------------------------------------------------------------- inputs

/** A complete self-assessment (every item scored and justified) from the station's score set. */
export function selfAssessment(i = 0): SelfAssessmentInput {
  const set = SCORE_SETS[i % SCORE_SETS.length];
  const keys = [...DAILY, ...SPECIAL];
  return {
    scores: Object.fromEntries(keys.map((k, j) => [k, set[j]])),
    justifications: Object.fromEntries(keys.map((k) => [k, `${k} 年度工作情况说明`])),
  };
}

export const REPORT = { originalName: '年度工作总结.pdf', buffer: SAMPLE_PDF };

export function submitCommand(w: World, i: number) {
  return new SubmitSelfAssessmentCommand(w.station(i), w.ref(i), selfAssessment(i), REPORT);
}

/** A departure reason for the score sets below, which differ from the suggested scores (建议分) of empty records. */
export const SET_REASON = '测试分值，与平时记录无关';

/** Scores every item of station `i` (special by the command room, daily by the coordinators). */
export async function scoreAll(h: Harness, w: World, i: number): Promise<void> {
  const set = SCORE_SETS[i % SCORE_SETS.length];
  for (const [j, k] of SPECIAL.entries()) {
    await h.exec(new ScoreItemCommand(w.commandRoom, w.ref(i), 'special', k, set[DAILY.length + j], '依据四个平台数据', SET_REASON));
  }
  for (const [j, k] of DAILY.entries()) await h.exec(new ScoreItemCommand(w.coordinator, w.ref(i), 'daily', k, set[j], undefined, SET_REASON));
}

// ---------------------------------------------------------------- stages

export const STAGES = ['opened', 'window', 'submitted', 'scored', 'computed', 'pendingApproval', 'approved', 'released'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * Runs the commands that bring the whole year (every station) to `stage`:
 * opened → window → submitted (everyone on time) → scored (every item, finalised) → computed → pendingApproval
 * → approved (with PUBLICITY_POLICY: in publicity) → released (publicity policy: not supported here).
 * Leaves the clock at the stage's instant.
 */
export async function bringTo(
  h: Harness,
  w: World,
  stage: Stage,
  { policyVersion, from }: { policyVersion?: string; /** the stage the year is already at */ from?: Stage } = {},
): Promise<void> {
  const upTo = STAGES.indexOf(stage);
  const done = from ? STAGES.indexOf(from) : -1;
  const step = (i: number) => i <= upTo && i > done;
  const n = w.s.stations.length;
  if (step(0)) {
    h.clock.set(TIMES.opened);
    await h.exec(new OpenYearCommand(w.coordinator, w.year, policyVersion));
  }
  if (step(1)) {
    h.clock.set(TIMES.window);
    await h.exec(new OpenWindowCommand(w.coordinator, w.year));
  }
  if (step(2)) {
    h.clock.set(TIMES.submitted);
    for (let i = 0; i < n; i++) await h.exec(submitCommand(w, i));
  }
  if (step(3)) {
    h.clock.set(TIMES.scored);
    for (let i = 0; i < n; i++) {
      // these worlds keep no monthly records: the year's months are waived, so results may be computed
      await h.exec(new WaiveMonthsCommand(w.coordinator, w.ref(i), ALL_MONTHS, '测试：本测试不录入月度记录'));
      await scoreAll(h, w, i);
      await h.exec(new FinaliseScoresCommand(w.coordinator, w.ref(i)));
    }
  }
  if (step(4)) {
    h.clock.set(TIMES.decided);
    await h.exec(new ComputeResultsCommand(w.coordinator, w.year));
  }
  if (step(5)) await h.exec(new SubmitForApprovalCommand(w.coordinator, w.year));
  if (step(6)) await h.exec(new ApproveResultsCommand(w.leader, w.year, '领导小组会议审定'));
  if (step(7)) await h.exec(new ReleaseResultsCommand(w.leader, w.year));
}

/** Window open, nobody submitted, deadline passed: every station overdue (clock at the deadline). */
export async function bringToOverdue(h: Harness, w: World): Promise<void> {
  await bringTo(h, w, 'window');
  h.clock.set(TIMES.deadlinePassed);
  await h.exec(new PassDeadlineCommand(w.coordinator, w.year));
}

// ---------------------------------------------------------------- reading what was written

export interface RowState {
  id: string;
  state: string;
  version: number;
  snapshot: any;
  late?: boolean;
  submitted_at?: Date | null;
  extended_until?: Date | null;
  publicity_until?: Date | null;
}

export async function yearRow(h: Harness, w: World): Promise<RowState> {
  const [r] = await h.sql(`SELECT id, state, version, snapshot, publicity_until FROM assessment_years WHERE subdistrict_id = $1 AND year = $2`, [w.s.id, YEAR]);
  return r;
}

export async function stationRow(h: Harness, w: World, i: number): Promise<RowState> {
  const [r] = await h.sql(
    `SELECT id, state, version, snapshot, late, submitted_at, extended_until FROM station_years WHERE station_id = $1 AND year = $2`,
    [w.s.stations[i].id, YEAR],
  );
  return r;
}

export interface StoredEventRow {
  id: string;
  stream_type: string;
  stream_id: string;
  subdistrict_id: string;
  type: string;
  payload: any;
  actor_id: string;
  actor_role: string;
  reason: string | null;
  occurred_at: Date;
}

/** Events of one subdistrict in order (optionally only those after `afterId`). */
export async function eventsOf(h: Harness, w: World, afterId = '0'): Promise<StoredEventRow[]> {
  return h.sql(`SELECT * FROM events WHERE subdistrict_id = $1 AND id > $2 ORDER BY id`, [w.s.id, afterId]);
}

export async function lastEventId(h: Harness): Promise<string> {
  const [{ id }] = await h.sql(`SELECT coalesce(max(id), 0)::text AS id FROM events`);
  return id;
}

export async function outboxCount(h: Harness): Promise<number> {
  const [{ n }] = await h.sql(`SELECT count(*)::int AS n FROM outbox`);
  return n;
}

/** Every versioned row of the world and the event/outbox counts: compare before/after a refused command. */
export async function fingerprint(h: Harness, w: World) {
  const rows = await h.sql(
    `SELECT 'year' AS kind, id, state, version FROM assessment_years WHERE subdistrict_id = $1
     UNION ALL SELECT 'station', id, state, version FROM station_years WHERE subdistrict_id = $1 ORDER BY 1, 2`,
    [w.s.id],
  );
  const [{ events }] = await h.sql(`SELECT count(*)::int AS events FROM events`);
  return { rows, events, outbox: await outboxCount(h) };
}

/**
 * Runs a command that must be refused and checks that nothing changed: every row's state and version, the
 * number of events and outbox rows. Returns the error for further assertions.
 */
export async function expectRefused(h: Harness, w: World, command: Command<unknown>): Promise<any> {
  const before = await fingerprint(h, w);
  let error: unknown;
  try {
    await h.exec(command);
  } catch (e) {
    error = e;
  }
  if (!error) throw new Error(`expected ${command.constructor.name} to be refused, but it succeeded`);
  expect(await fingerprint(h, w)).toEqual(before);
  return error;
}

/**
 * Makes two (or more) commands race deterministically: a separate connection holds `lock` (e.g. a row's
 * FOR UPDATE) while the commands run; once each of them waits on that lock, the lock is released and they
 * proceed in whatever order PostgreSQL grants it. Returns each command's settled result, in order.
 */
export async function race<T>(h: Harness, lock: { sql: string; params?: unknown[] }, commands: (() => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
  const c = new Client({ connectionString: h.db.url });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query(lock.sql, lock.params);
    const settled = Promise.allSettled(commands.map((f) => f()));
    const until = Date.now() + 10_000;
    for (;;) {
      const { rows } = await c.query(
        // pg_locks, not pg_stat_activity: the commands run as the runtime role, whose sessions' wait events another
        // role cannot see (pg_locks shows every waiter)
        `SELECT count(DISTINCT pid)::int AS n FROM pg_locks WHERE NOT granted`,
      );
      if (rows[0].n >= commands.length) break;
      if (Date.now() > until) {
        await c.query('ROLLBACK');
        const results = await settled;
        throw new Error(`race: the commands never all waited on the lock: ${JSON.stringify(results.map((r) => r.status))} ${results.map((r) => (r.status === "rejected" ? String((r as PromiseRejectedResult).reason?.stack ?? (r as PromiseRejectedResult).reason) : "")).join(" | ")}`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await c.query('ROLLBACK');
    return await settled;
  } finally {
    await c.end();
  }
}

export const rowLock = (table: 'assessment_years' | 'station_years', id: string) => ({
  sql: `SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`,
  params: [id],
});
