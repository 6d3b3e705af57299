/**
 * Nobody reads or writes another subdistrict's data (DOMAIN.md), whatever id they put in the URL. Subdistrict B
 * gets one object of every kind a route names by id — station, recognition, delivery, export, 抄告 notice PDF,
 * a station's audit trail, an inbox item, a staff member, a department, a user — and every caller of subdistrict
 * A (each role, and A's deployment-wide admin where the route is subdistrict-scoped) calls every route that takes
 * such an id with B's id under A's own subdistrict. The answer must be 403 or 404: never a success, and never
 * any of B's data in the body.
 */
import request from 'supertest';
import { createTestApp, TestApp } from '@app/testing';
import { fillPath, listRoutes, RouteInfo } from './support/routes';
import { buildWorld, clientIp, World, YEAR } from './support/world';

let t: TestApp;
let w: World;
let routes: RouteInfo[];
let foreign: Record<string, string>;
/** Text that only B's rows contain: it must never appear in an answer to A. */
const B_MARKERS = ['城西', '钱七', 'B-secret-evidence', 'B-notice-title'];

jest.setTimeout(180_000);

beforeAll(async () => {
  t = await createTestApp({ withWorker: false, redis: false });
  w = await buildWorld(t);
  const db = t.db.dataSource;
  const b = w.b;
  const bStation = b.stations[0];
  await t.http.post(`/subdistricts/${b.id}/years`).set(t.as(b.users.coordinator)).send({ year: YEAR }).expect(201);
  const bStationUrl = `/subdistricts/${b.id}/years/${YEAR}/stations/${bStation.id}`;
  const recognition = await t.http.post(`${bStationUrl}/recognitions`).set(t.as(b.users.coordinator)).send({
    level: 'city', title: '城西创新经验', issuer: '城西街道办事处', recognisedOn: '2026-06-18', evidence: 'B-secret-evidence',
  }).expect(201);
  const [notice] = await db.query(
    `INSERT INTO notices (subdistrict_id, year, station_id, kind, recipient_type, recipient_id, occasion, number, title, payload)
     VALUES ($1, $2, $3, 'result_notice', 'station', $3, 'release', '城西考〔2026〕1号', 'B-notice-title', '{}') RETURNING id`,
    [b.id, YEAR, bStation.id],
  );
  const [delivery] = await db.query(
    `INSERT INTO deliveries (notice_id, channel, status, attempts, last_error) VALUES ($1, 'webhook', 'failed', 3, 'HTTP 500') RETURNING id`, [notice.id],
  );
  const [inboxDelivery] = await db.query(`INSERT INTO deliveries (notice_id, channel, status) VALUES ($1, 'inbox', 'delivered') RETURNING id`, [notice.id]);
  const [inbox] = await db.query(
    `INSERT INTO inbox_items (delivery_id, notice_id, recipient_type, recipient_id) VALUES ($1, $2, 'user', $3) RETURNING id`,
    [inboxDelivery.id, notice.id, b.users.coordinator.id],
  );
  const exported = await t.http.post(`/subdistricts/${b.id}/years/${YEAR}/exports`).set(t.as(b.users.coordinator)).send({ kind: 'late_board' }).expect(202);
  foreign = {
    subdistrictId: w.a.id, // A's own subdistrict: the id under test is B's object inside it
    year: String(YEAR),
    month: '3',
    itemKey: 'serveCentre',
    stationId: bStation.id,
    recognitionId: recognition.body.recognitionId,
    deliveryId: delivery.id,
    exportId: exported.body.exportId,
    noticeId: notice.id,
    id: inbox.id, // /inbox/:id/read and /acknowledge
    staffId: bStation.staffIds[0],
    departmentId: Object.values(b.departments)[0],
    userId: b.users.coordinator.id,
  };
  expect(Object.values(foreign).every(Boolean)).toBe(true);
  routes = listRoutes(t.app);
});
afterAll(async () => {
  await t?.close();
});

/** The route parameters that name an object (rather than a year, month or rubric item). */
const OBJECT_PARAMS = ['stationId', 'recognitionId', 'deliveryId', 'exportId', 'noticeId', 'id', 'staffId', 'departmentId', 'userId'];

/** A body that passes validation where the route needs one, so the answer is about access, not the dummy body. */
function bodyFor(route: RouteInfo): Record<string, unknown> {
  if (route.path.endsWith('/refuse') || route.path.endsWith('/verify')) return { reason: '核实' };
  if (route.path.endsWith('/answer')) return { answer: '答复', reason: '答复' };
  if (route.method === 'PATCH') return { version: 1 }; // optimistic version: the row's, so only scope can refuse
  return {};
}

it('covers an id of every kind', () => {
  const named = new Set(routes.flatMap((r) => r.params.filter((p) => OBJECT_PARAMS.includes(p))));
  expect([...named].sort()).toEqual(expect.arrayContaining(['deliveryId', 'exportId', 'id', 'noticeId', 'recognitionId', 'stationId']));
});

it('an id of subdistrict B under subdistrict A is 403 or 404 for every caller of A, and shows none of B’s data', async () => {
  const callers = [...w.home, w.otherStation];
  const targets = routes.filter((r) => !r.isPublic && r.params.some((p) => OBJECT_PARAMS.includes(p)));
  expect(targets.length).toBeGreaterThan(20);
  const leaks: string[] = [];
  let calls = 0;
  for (const route of targets) {
    // the station's audit trail is the "audit" kind: B's station under A
    const url = fillPath(route, { ...w.params, ...foreign }, () => 'unused');
    for (const c of callers) {
      // a deployment-wide admin may manage every subdistrict's users: B's user is not foreign to it on a route
      // that names no subdistrict (under a subdistrict's URL, B's objects are foreign to everyone)
      if (c.subdistrictId === null && !route.params.includes('subdistrictId')) continue;
      const m = (route.method === 'ALL' ? 'get' : route.method.toLowerCase()) as 'get';
      let req = (request(t.app.getHttpServer()) as any)[m](url).set('X-Forwarded-For', clientIp()).set(t.as(c));
      if (['POST', 'PUT', 'PATCH'].includes(route.method) && !route.multipart) req = req.send(bodyFor(route));
      const res: request.Response = await req;
      calls += 1;
      const text = res.text ?? '';
      if (![403, 404].includes(res.status)) leaks.push(`${route.method} ${url} as ${c.label}: ${res.status} ${text.slice(0, 200)}`);
      else if (B_MARKERS.some((m) => text.includes(m))) leaks.push(`${route.method} ${url} as ${c.label}: ${res.status} shows B's data: ${text.slice(0, 200)}`);
    }
  }
  expect(leaks).toEqual([]);
  expect(calls).toBeGreaterThan(targets.length * (callers.length - 1));
});

it('B’s own users do reach those objects (the ids are real, so the refusals above are about scope)', async () => {
  const b = w.b;
  const bUrl = `/subdistricts/${b.id}`;
  await t.http.get(`${bUrl}/years/${YEAR}/stations/${foreign.stationId}/audit`).set(t.as(b.users.coordinator)).expect(200);
  await t.http.get(`${bUrl}/years/${YEAR}/exports/${foreign.exportId}`).set(t.as(b.users.coordinator)).expect(200);
  const deliveries = await t.http.get(`${bUrl}/deliveries?status=failed`).set(t.as(b.users.coordinator)).expect(200);
  expect(JSON.stringify(deliveries.body)).toContain(foreign.deliveryId);
  await t.http.post(`/inbox/${foreign.id}/read`).set(t.as(b.users.coordinator)).expect((r) => expect(r.status).toBeLessThan(300));
});
