/**
 * The role × endpoint matrix, its expected answers written BY HAND from DOMAIN.md "Who may do what" — never read
 * from apps/api/src/access/permissions.ts, so this test fails when that table strays from DOMAIN:
 *
 *   station user  read its own station; claim innovation recognitions; file its self-assessment; read its released result
 *   command room  record monthly four-platform data for any station of its subdistrict; score special management
 *   coordinator   everything the command room may; record daily-management records; grant extensions; score; see who is late
 *   leader        read everything of its subdistrict; approve, return, release
 *   admin         manage subdistricts, departments, stations, staff, users, the rubric and the calendar
 *   Nobody reads or writes another subdistrict's data.
 *
 * Every route of the running app (read from Nest's metadata, so a route added later fails here until its row is
 * written) is called as every role of subdistrict A (A's admin is deployment-wide), every role of subdistrict B (B's
 * admin scoped to B), the user of another station of A, and anonymously — with REAL objects of A of every kind in
 * the URL (station, recognition, delivery, export, 抄告 notice PDF, the station's audit trail, inbox item, user, API
 * token), so B's callers are tried with foreign ids of every kind and A's allowed callers reach real rows.
 * test/foreign-ids.e2e-spec.ts does the mirror image (B's ids under A's URLs, called by A).
 */
import request from 'supertest';
import { createTestApp, SAMPLE_PDF, TestApp } from '@app/testing';
import { fillPath, listRoutes, RouteInfo } from './support/routes';
import { buildWorld, Caller, clientIp, unknownParam, World, YEAR } from './support/world';

type RoleName = 'station' | 'command_room' | 'coordinator' | 'leader' | 'admin';

/** Read from DOMAIN.md by hand. Each value: the roles that may call the route (scope comes on top, see expected()). */
const EVERYONE = 'station command_room coordinator leader admin';
/** "read its own station" (station), what the command room needs to record and score, the coordinator, the leader. */
const READ_STATION = 'station command_room coordinator leader';
/** Master data read by those who work with it (a station user reads its own station through the station routes). */
const READ_MASTER = 'command_room coordinator leader admin';
const SUB = '/subdistricts/:subdistrictId';
const YEAR_URL = `${SUB}/years/:year`;
const ST = `${YEAR_URL}/stations/:stationId`;

const MAY: Record<string, string> = {
  // one's own session, inbox, to-do list and password (another user's password: the admin who manages users)
  'POST /auth/logout': EVERYONE,
  'GET /auth/me': EVERYONE,
  'PUT /users/:userId/password': EVERYONE,
  'GET /me/todo': EVERYONE,
  'GET /inbox': EVERYONE,
  'POST /inbox/:id/read': EVERYONE,
  'POST /inbox/:id/acknowledge': EVERYONE,
  'GET /inbox/:id/pdf': EVERYONE,
  // the rubric: the admin manages it; everyone assessed or assessing may read it
  'GET /policies': EVERYONE,
  'GET /policies/:version': EVERYONE,
  // admin: "manage subdistricts, departments, stations, staff, users, the rubric and the calendar"
  'POST /subdistricts': 'admin',
  'GET /subdistricts': 'admin',
  [`GET ${SUB}`]: READ_MASTER,
  [`PATCH ${SUB}`]: 'admin',
  [`GET ${SUB}/departments`]: READ_MASTER,
  [`POST ${SUB}/departments`]: 'admin',
  [`PATCH ${SUB}/departments/:departmentId`]: 'admin',
  [`GET ${SUB}/staff`]: READ_MASTER,
  [`POST ${SUB}/staff`]: 'admin',
  [`PATCH ${SUB}/staff/:staffId`]: 'admin',
  [`GET ${SUB}/stations`]: READ_MASTER,
  [`GET ${SUB}/stations/:stationId`]: READ_MASTER,
  [`POST ${SUB}/stations`]: 'admin',
  [`PATCH ${SUB}/stations/:stationId`]: 'admin',
  [`POST ${SUB}/imports/stations`]: 'admin',
  [`POST ${SUB}/imports/staff`]: 'admin',
  [`GET ${SUB}/imports/templates/:kind`]: 'admin',
  [`GET ${SUB}/users`]: 'admin',
  [`POST ${SUB}/users`]: 'admin',
  [`PATCH ${SUB}/users/:userId`]: 'admin',
  'POST /auth/api-tokens': 'admin', // an integration's account is a user the admin manages
  'GET /auth/api-tokens': 'admin',
  'DELETE /auth/api-tokens/:id': 'admin',
  'GET /calendar/years': 'admin',
  'PUT /calendar/years/:year': 'admin',
  'POST /projections/rebuild': 'admin', // operating the deployment (DOMAIN is silent; nobody else)
  // the whole-set progress overview: every subdistrict's counts, so only the admin who manages them all (below)
  'GET /years/:year/overview': 'admin',
  // operations status and delivery tracking: those who follow notices, and the admin who runs the deployment
  'GET /health/details': 'coordinator leader admin',
  [`GET ${SUB}/deliveries`]: 'coordinator leader admin',
  [`POST ${SUB}/deliveries/:deliveryId/retry`]: 'coordinator',
  [`GET ${SUB}/notices/:noticeId.pdf`]: 'coordinator leader admin',
  // the audit trail ("every change records who made it"): the coordination group, the leaders, the admin
  [`GET ${SUB}/audit`]: 'coordinator leader admin',
  [`GET ${SUB}/audit.xlsx`]: 'coordinator leader admin',
  [`GET ${SUB}/audit.csv`]: 'coordinator leader admin',
  [`GET ${ST}/audit`]: 'coordinator leader admin',
  [`GET ${ST}/audit.xlsx`]: 'coordinator leader admin',
  [`GET ${ST}/audit.csv`]: 'coordinator leader admin',
  // the year (a station user reads its years through its station's route)
  [`POST ${SUB}/years`]: 'coordinator admin', // DOMAIN is silent on who opens a year: the coordination group or the admin
  [`GET ${SUB}/years`]: 'command_room coordinator leader',
  [`GET ${YEAR_URL}`]: 'command_room coordinator leader',
  [`GET ${SUB}/stations/:stationId/years`]: READ_STATION,
  [`POST ${YEAR_URL}/self-assessment-window`]: 'coordinator',
  // command room: "record monthly four-platform data" (also as a file)
  [`POST ${YEAR_URL}/imports/month-data`]: 'command_room coordinator',
  [`GET ${YEAR_URL}/imports/month-data/template`]: 'command_room coordinator',
  [`PUT ${ST}/months/:month/special`]: 'command_room coordinator',
  // coordinator: "record daily-management records"; a month waived is the coordinator's record too
  [`PUT ${ST}/months/:month/daily`]: 'coordinator',
  [`POST ${ST}/months/waivers`]: 'coordinator',
  // station: "read its own station"
  [`GET ${ST}`]: READ_STATION,
  [`GET ${ST}/months`]: READ_STATION,
  [`GET ${ST}/recognitions`]: READ_STATION,
  [`GET ${ST}/recognitions/:recognitionId/evidence-file`]: READ_STATION,
  [`GET ${ST}/timeline`]: READ_STATION,
  [`GET ${ST}/notices`]: READ_STATION,
  [`GET ${ST}/self-assessment`]: READ_STATION, // the command room scores beside the self-scores
  [`GET ${ST}/self-assessment/report`]: READ_STATION,
  // station: "claim innovation recognitions with their evidence (counted once a coordinator verifies them)"
  [`POST ${ST}/recognitions`]: 'station coordinator', // recognitions are among the records the coordinator keeps
  [`POST ${ST}/recognitions/:recognitionId/verify`]: 'coordinator',
  [`POST ${ST}/recognitions/:recognitionId/refuse`]: 'coordinator',
  // station: "file its self-assessment"; coordinator: "grant extensions"
  [`PUT ${ST}/self-assessment`]: 'station',
  [`POST ${ST}/self-assessment/submit`]: 'station',
  [`POST ${ST}/extension`]: 'coordinator',
  // command room: "score special management"; coordinator: "score"
  [`GET ${ST}/scores`]: 'command_room coordinator leader',
  [`PUT ${ST}/scores/special/:itemKey`]: 'command_room coordinator',
  [`PUT ${ST}/scores/daily/:itemKey`]: 'coordinator',
  [`POST ${ST}/scores/finalise`]: 'coordinator',
  [`PUT ${ST}/persons/:staffId/grade`]: 'coordinator', // individual adjustments are part of scoring
  [`POST ${YEAR_URL}/results/compute`]: 'coordinator',
  [`POST ${YEAR_URL}/results/submit`]: 'coordinator',
  // the results: the coordination group that computes them and the leaders who read everything; the station its own
  [`GET ${YEAR_URL}/results`]: 'coordinator leader',
  [`GET ${YEAR_URL}/results.xlsx`]: 'coordinator leader',
  [`GET ${YEAR_URL}/decisions`]: 'coordinator leader',
  [`GET ${YEAR_URL}/dashboard`]: 'coordinator leader',
  [`GET ${YEAR_URL}/dashboard.xlsx`]: 'coordinator leader',
  [`GET ${ST}/explanation`]: 'coordinator leader',
  [`GET ${ST}/result`]: 'station coordinator leader', // station: "read its released result"
  // leader: "approve, return, release"
  [`POST ${YEAR_URL}/results/approve`]: 'leader',
  [`POST ${YEAR_URL}/results/return`]: 'leader',
  [`POST ${YEAR_URL}/results/release`]: 'leader',
  [`GET ${YEAR_URL}/results/release-preview`]: 'leader',
  // publicity: a station objects to its result, the leaders answer (DOMAIN: "objection filed → coordinators")
  [`POST ${ST}/objections`]: 'station coordinator',
  [`POST ${YEAR_URL}/objections/:objectionId/answer`]: 'leader',
  // coordinator: "see who is late" (the leader reads everything); NOT the command room
  [`GET ${YEAR_URL}/board`]: 'coordinator leader',
  [`GET ${YEAR_URL}/board.xlsx`]: 'coordinator leader',
  [`GET ${YEAR_URL}/not-submitted.xlsx`]: 'coordinator leader',
  // exports: those who read a year's data; the kind decides further (EXPORT_MAY). The export in the URL is a late board.
  [`POST ${YEAR_URL}/exports`]: 'command_room coordinator leader',
  [`GET ${YEAR_URL}/exports/:exportId`]: 'coordinator leader',
  [`GET ${YEAR_URL}/exports/:exportId/file`]: 'coordinator leader',
};

/** Each export kind shows what it holds: the same readers as the page it prints (by hand, from the rows above). */
const EXPORT_MAY: Record<string, string> = {
  self_assessment_form: 'command_room coordinator leader',
  evaluation_form: 'command_room coordinator leader',
  result_table: 'coordinator leader',
  bonus_budget: 'coordinator leader',
  awards: 'coordinator leader',
  late_board: 'coordinator leader',
  not_submitted: 'coordinator leader',
};

/** The answers of the public surface: what needs no login. */
const PUBLIC = ['GET /health', 'POST /auth/login', 'POST /auth/refresh'];

const may = (table: Record<string, string>, key: string, role: RoleName) => table[key].split(' ').includes(role);
const keyOf = (r: RouteInfo) => `${r.method} ${r.path}`;

let t: TestApp;
let w: World;
let routes: RouteInfo[];
/** Real objects of A for every route parameter, and per route the `:id` (an inbox item or an API token). */
let objects: Record<string, string>;
let apiTokenId: string;
/** The inbox item is A's coordinator's: another user of A gets 404 (not theirs), never its content. */
let inboxOwner: string;

jest.setTimeout(180_000);

beforeAll(async () => {
  t = await createTestApp({ withWorker: false });
  w = await buildWorld(t);
  routes = listRoutes(t.app);
  const a = w.a;
  const db = t.db.dataSource;
  const stationUrl = `/subdistricts/${a.id}/years/${YEAR}/stations/${a.stations[0].id}`;
  const recognition = await t.http.post(`${stationUrl}/recognitions`).set(t.as(a.stations[0].user))
    .field('level', 'district').field('title', '城东创新经验').field('issuer', '区委办').field('recognisedOn', '2026-05-18').field('evidence', '区委办通报')
    .attach('evidenceFile', SAMPLE_PDF, { filename: '区委办通报.pdf', contentType: 'application/pdf' }).expect(201);
  const [notice] = await db.query(
    `INSERT INTO notices (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, number, title, payload)
     VALUES ($1, $2, $3, 'overdue_notice', 'station', $3, 'overdue', NULL, '城东逾期通知', $4) RETURNING id`,
    [a.id, YEAR, a.stations[0].id, {
      kind: 'overdue_notice', year: YEAR, station: { name: '城东派出所' }, deadline: '2026-12-31',
      subdistrict: { name: '城东街道', abbr: '城东' }, issueDate: '2027-01-04', recipient: { name: '城东派出所' },
    }],
  );
  const [delivery] = await db.query(
    `INSERT INTO deliveries (notice_id, channel, status, attempts, last_error) VALUES ($1, 'webhook', 'failed', 3, 'HTTP 500') RETURNING id`, [notice.id],
  );
  const [inboxDelivery] = await db.query(`INSERT INTO deliveries (notice_id, channel, status) VALUES ($1, 'inbox', 'delivered') RETURNING id`, [notice.id]);
  inboxOwner = a.users.coordinator.id;
  const [inbox] = await db.query(
    `INSERT INTO inbox_items (delivery_id, notice_id, recipient_type, recipient_id) VALUES ($1, $2, 'user', $3) RETURNING id`,
    [inboxDelivery.id, notice.id, inboxOwner],
  );
  const exported = await t.http.post(`/subdistricts/${a.id}/years/${YEAR}/exports`).set(t.as(a.users.coordinator)).send({ kind: 'late_board' }).expect(202);
  const token = await t.http.post('/auth/api-tokens').set(t.as(a.users.admin)).send({ name: '城东热线', role: 'coordinator', subdistrictId: a.id }).expect(201);
  apiTokenId = token.body.id;
  objects = {
    ...w.params,
    recognitionId: recognition.body.recognitionId,
    deliveryId: delivery.id,
    noticeId: notice.id,
    exportId: exported.body.exportId,
    id: inbox.id,
    version: '2021-trial',
    kind: 'stations',
  };
});
afterAll(async () => {
  await t?.close();
});

type Want = 'allow' | 401 | 403 | 'hidden';

/** Routes that read every subdistrict (no :subdistrictId to scope them). */
const ACROSS_SUBDISTRICTS = ['GET /years/:year/overview'];

/** The hand-written table plus DOMAIN's scope rules: own subdistrict (a deployment-wide admin: every one), own station. */
function expected(route: RouteInfo, c: Caller | null): Want {
  const key = keyOf(route);
  if (route.isPublic) return 'allow';
  if (!c) return 401;
  if (!may(MAY, key, c.role as RoleName)) return 403;
  const ownSubdistrict = c.subdistrictId === null || c.subdistrictId === w.a.id;
  // reading every subdistrict at once: "nobody reads another subdistrict's data" leaves only a deployment-wide admin
  if (ACROSS_SUBDISTRICTS.includes(key) && c.subdistrictId !== null) return 403;
  if (route.params.includes('subdistrictId') && !ownSubdistrict) return 403;
  if (route.params.includes('stationId') && c.role === 'station' && c.stationId !== objects.stationId) return 403;
  if (route.params.includes('userId') && objects.userId !== c.id && (c.role !== 'admin' || !ownSubdistrict)) return 403;
  // objects named without a subdistrict in the URL: another user's inbox item, a token another subdistrict cannot see
  if (route.path.startsWith('/inbox/:id') && c.id !== inboxOwner) return 'hidden';
  if (route.path === '/auth/api-tokens/:id' && !ownSubdistrict) return 'hidden';
  return 'allow';
}

function call(route: RouteInfo, c: Caller | null) {
  const url = fillPath(route, { ...objects, ...(route.path.startsWith('/auth/api-tokens/') ? { id: apiTokenId } : {}) }, unknownParam);
  const m = route.method === 'ALL' ? 'get' : (route.method.toLowerCase() as 'get');
  let req = (request(t.app.getHttpServer()) as any)[m](url).set('X-Forwarded-For', clientIp());
  if (c) req = req.set(t.as(c));
  // a dummy body: the guard decides before validation, and an empty body is refused by every DTO that needs one
  if (['POST', 'PUT', 'PATCH'].includes(route.method) && !route.multipart) req = req.send({});
  return req as Promise<request.Response>;
}

function agrees(want: Want, status: number): boolean {
  if (want === 'hidden') return status === 403 || status === 404;
  if (want === 'allow') return status !== 401 && status !== 403;
  return status === want;
}

describe('access matrix (by hand, from DOMAIN.md)', () => {
  it('has a hand-written row for every route, and no row without a route', () => {
    expect(routes.length).toBeGreaterThan(80);
    const keys = routes.filter((r) => !r.isPublic).map(keyOf);
    expect(keys.filter((k) => !(k in MAY))).toEqual([]);
    expect(Object.keys(MAY).filter((k) => !keys.includes(k))).toEqual([]);
    expect(routes.filter((r) => r.isPublic).map(keyOf).sort()).toEqual(PUBLIC);
    // every route has exactly one of @Allow / @Public (fail closed otherwise)
    expect(routes.filter((r) => r.isPublic === Boolean(r.permission)).map(keyOf)).toEqual([]);
  });

  it('covers every path of the OpenAPI document', async () => {
    const doc = await t.http.get('/docs-json').expect(200);
    const ours = new Set(routes.map((r) => `${r.method} ${r.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`));
    const missing: string[] = [];
    for (const [path, ops] of Object.entries<any>(doc.body.paths)) {
      for (const method of Object.keys(ops)) if (!ours.has(`${method.toUpperCase()} ${path}`)) missing.push(`${method} ${path}`);
    }
    expect(missing).toEqual([]);
  });

  it('calls every route as every role of A and of B, another station of A and anonymously, with A’s real objects: the answers DOMAIN gives', async () => {
    const callers: (Caller | null)[] = [null, ...w.home, ...w.foreign, w.otherStation];
    const mismatches: string[] = [];
    const tally: Record<string, number> = { allow: 0, 401: 0, 403: 0, hidden: 0 };
    for (const route of routes) {
      for (const c of callers) {
        const want = expected(route, c);
        const res = await call(route, c);
        tally[String(want)] += 1;
        const who = c?.label ?? 'anonymous';
        if (res.status >= 500) mismatches.push(`${keyOf(route)} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
        else if (!agrees(want, res.status)) mismatches.push(`${keyOf(route)} as ${who}: want ${want}, got ${res.status} ${res.body?.code ?? ''} ${res.body?.message ?? ''}`);
        else if (res.status === 403) expect(res.body).toMatchObject({ code: 'FORBIDDEN', details: [] });
        else if (res.status === 401) expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
        // a refusal never carries the object: B's callers get none of A's rows
        if (c && c.subdistrictId === w.b.id && [403, 404].includes(res.status) && /城东创新经验|城东逾期通知|区委办通报/.test(res.text ?? '')) {
          mismatches.push(`${keyOf(route)} as ${who}: the refusal shows A's data`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    // the matrix is not one-sided: every kind of answer happens, most of them often
    expect(tally.allow).toBeGreaterThan(150);
    expect(tally[403]).toBeGreaterThan(500);
    expect(tally[401]).toBe(routes.filter((r) => !r.isPublic).length);
    expect(tally.hidden).toBeGreaterThan(30);
  }, 180_000);

  it('each export kind as each role: created, polled and downloaded only by those who may read what it shows', async () => {
    const url = `/subdistricts/${w.a.id}/years/${YEAR}/exports`;
    const mismatches: string[] = [];
    // an export of each kind made by the leader (who may make every one) — read back by each role
    for (const kind of Object.keys(EXPORT_MAY)) {
      const body = { kind, ...(['self_assessment_form', 'evaluation_form'].includes(kind) ? { stationId: objects.stationId } : {}) };
      const made = await t.http.post(url).set(t.as(w.a.users.leader)).send(body).set('X-Forwarded-For', clientIp());
      expect([kind, made.status]).toEqual([kind, 202]);
      for (const c of w.home) {
        const allowed = may(EXPORT_MAY, kind, c.role as RoleName) && may(MAY, `POST ${YEAR_URL}/exports`, c.role as RoleName);
        const created = await t.http.post(url).set(t.as(c)).send(body).set('X-Forwarded-For', clientIp());
        const polled = await t.http.get(`${url}/${made.body.exportId}`).set(t.as(c)).set('X-Forwarded-For', clientIp());
        const got = [created.status, polled.status];
        const want = allowed ? [202, 200] : [403, 403];
        if (got.join() !== want.join()) mismatches.push(`${kind} as ${c.label}: want ${want}, got ${got} ${created.body?.message ?? ''}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('GET /auth/me offers each role what the hand-written table gives it (the console builds its menus from it)', async () => {
    for (const c of w.home) {
      const me = await t.http.get('/auth/me').set(t.as(c)).expect(200);
      const kinds = Object.keys(EXPORT_MAY).filter((k) => may(EXPORT_MAY, k, c.role as RoleName) && may(MAY, `POST ${YEAR_URL}/exports`, c.role as RoleName));
      expect([c.label, [...me.body.exportKinds].sort()]).toEqual([c.label, kinds.sort()]);
      expect([c.label, me.body.permissions.includes('board.read')]).toEqual([c.label, may(MAY, `GET ${YEAR_URL}/board`, c.role as RoleName)]);
      expect([c.label, me.body.permissions.includes('results.read')]).toEqual([c.label, may(MAY, `GET ${YEAR_URL}/results`, c.role as RoleName)]);
    }
  });

  it('a token of a disabled user or a garbage token is 401 on every protected route, never 403 or 5xx', async () => {
    const [disabled] = await t.db.dataSource.query(
      `INSERT INTO users (username, display_name, role, subdistrict_id, active) VALUES ('cd-disabled', '停用', 'coordinator', $1, false) RETURNING id`, [w.a.id],
    );
    for (const auth of [{ Authorization: 'Bearer not.a.token' }, t.as({ id: disabled.id })]) {
      for (const route of routes.filter((r) => !r.isPublic)) {
        const url = fillPath(route, objects, unknownParam);
        const res = await (t.http as any)[route.method.toLowerCase()](url).set(auth).set('X-Forwarded-For', clientIp());
        expect([route.path, res.status, res.body.code]).toEqual([route.path, 401, 'UNAUTHENTICATED']);
      }
    }
  }, 60_000);
});
