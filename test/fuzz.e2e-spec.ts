/**
 * Generated fuzzing of every write endpoint (POST/PUT/PATCH/DELETE, enumerated from Nest's metadata): at least
 * 1,000 malformed requests from a seeded generator (FUZZ_SEED to replay, FUZZ_REQUESTS to scale), each sent as a
 * user allowed to call the route, with real ids in the route parameters. Nothing may answer 5xx or 2xx, every
 * error must have the standard body {code, message, details: [{field, reason}]}, and the database must be exactly
 * as before: every table's row count and content checksum, and the event store's count and max id.
 */
import request from 'supertest';
import { roleMay } from '../apps/api/src/access/permissions';
import { createTestApp, SAMPLE_PDF, TestApp } from '@app/testing';
import { FuzzRequest, generate, rng, valuePool } from './support/fuzz';
import { fillPath, listRoutes, RouteInfo } from './support/routes';
import { buildWorld, Caller, clientIp, unknownParam, World, YEAR } from './support/world';

const SEED = Number(process.env.FUZZ_SEED ?? 20260607);
const TOTAL = Number(process.env.FUZZ_REQUESTS ?? 1200);

let t: TestApp;
let w: World;
let writes: RouteInfo[];

jest.setTimeout(180_000);

const ITEMS = ['serveCentre', 'performDuties', 'workStyle', 'teamBuilding', 'platformParticipation', 'workOrders', 'satisfaction'];

beforeAll(async () => {
  t = await createTestApp({ withWorker: false });
  w = await buildWorld(t);
  writes = listRoutes(t.app).filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method));
  // a year in full swing, so that requests reach deep validation: a recorded month, the window open, one station submitted
  const station = `/subdistricts/${w.a.id}/years/${YEAR}/stations/${w.a.stations[0].id}`;
  t.clock.set('2026-04-02T10:00:00+08:00');
  await t.http.put(`${station}/months/3/special`).set(t.as(w.a.users.command_room)).send({
    meetingsHeld: 4, meetingsAttended: 4, workOrders: { received: 20, onTime: 19, overdue: 1, returnedForShirking: 0, falsified: 0 }, complaints: 0, satisfaction: { surveyed: 30, satisfied: 29 },
  }).expect((res) => { if (res.status !== 200) throw new Error(JSON.stringify(res.body)); });
  t.clock.set('2026-12-01T08:00:00+08:00');
  await t.http.post(`/subdistricts/${w.a.id}/years/${YEAR}/self-assessment-window`).set(t.as(w.a.users.coordinator)).expect(200);
  t.clock.set('2026-12-20T10:00:00+08:00');
});
afterAll(async () => {
  await t?.close();
});

/** A caller of A whose role and scope allow the route (the station user for station routes and own password). */
function allowedCaller(route: RouteInfo): Caller | null {
  if (route.isPublic) return null;
  const station = w.home.find((c) => c.role === 'station')!;
  const ordered = route.params.includes('stationId') || route.params.includes('userId')
    ? [station, ...w.home.filter((c) => c !== station)] : w.home.filter((c) => c !== station).concat(station);
  const ok = ordered.find((c) => roleMay(c.role, route.permission!) && (c.role !== 'station' || route.params.includes('stationId') || !route.params.includes('subdistrictId')));
  if (!ok) throw new Error(`no caller may ${route.method} ${route.path}`);
  return ok;
}

async function snapshot(): Promise<Record<string, string>> {
  const db = t.runtime.dataSource;
  const tables: { name: string }[] = await db.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    const [r] = await db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${name}" x`);
    out[name] = `${r.n} rows, md5 ${r.h}`;
  }
  const [e] = await db.query(`SELECT count(*)::int AS n, coalesce(max(id), 0)::text AS max FROM events`);
  out['events (count/max id)'] = `${e.n}/${e.max}`;
  return out;
}

function send(route: RouteInfo, caller: Caller | null, f: FuzzRequest) {
  const url = fillPath(route, { ...w.params, ...f.params }, unknownParam).replace(/%25/g, '%'); // bad params are sent as written
  let req = (request(t.app.getHttpServer()) as any)[route.method.toLowerCase()](url).set('X-Forwarded-For', clientIp());
  if (caller) req = req.set(t.as(caller));
  for (const [k, v] of Object.entries(f.headers ?? {})) req = req.set(k, v);
  if (f.multipart) {
    for (const [k, v] of f.multipart.fields) req = req.field(k, v);
    for (const file of f.multipart.files) req = req.attach(file.field, file.content, { filename: file.name, contentType: file.type });
  } else if (f.raw !== undefined) {
    req = req.set('Content-Type', f.contentType ?? 'application/json').send(f.raw);
  } else if (f.json !== undefined) {
    req = req.set('Content-Type', 'application/json').send(JSON.stringify(f.json));
  }
  return req as Promise<request.Response>;
}

function standardBody(body: any): boolean {
  return body && typeof body.code === 'string' && typeof body.message === 'string' && Array.isArray(body.details)
    && body.details.every((d: any) => d && typeof d.field === 'string' && typeof d.reason === 'string');
}

describe('fuzzing every write endpoint', () => {
  it(`${TOTAL} malformed requests (seed ${SEED}): no 5xx, no 2xx, the standard error body, the database unchanged`, async () => {
    expect(writes.length).toBeGreaterThan(30);
    const before = await snapshot();
    const r = rng(SEED);
    const pool = valuePool(SEED);
    const perRoute = Math.ceil(TOTAL / writes.length);
    const byStatus: Record<string, number> = {};
    const byKind: Record<string, number> = {};
    const problems: string[] = [];
    let sent = 0;
    for (const route of writes) {
      const caller = allowedCaller(route);
      for (let i = 0; i < perRoute; i++) {
        const f = generate(route, r, pool, i === perRoute - 1 && route.method !== 'DELETE');
        const res = await send(route, caller, f);
        sent += 1;
        byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
        byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
        const what = `${route.method} ${route.path} [${f.kind}] ${JSON.stringify(f.params)} → ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
        if (res.status >= 500) problems.push(`5xx: ${what}`);
        else if (res.status < 400) problems.push(`accepted: ${what}`);
        else if (!standardBody(res.body)) problems.push(`body: ${what}`);
      }
    }
    const after = await snapshot();
    // eslint-disable-next-line no-console
    console.log(`fuzz seed ${SEED}: ${sent} requests over ${writes.length} write routes; statuses ${JSON.stringify(byStatus)}; kinds ${JSON.stringify(byKind)}`);
    expect(problems).toEqual([]);
    expect(after).toEqual(before);
    expect(sent).toBeGreaterThanOrEqual(1000);
  });

  it('an upload named .pdf whose content is not a PDF is refused with 400 naming `report`', async () => {
    const st = w.a.stations[0];
    const url = `/subdistricts/${w.a.id}/years/${YEAR}/stations/${st.id}/self-assessment/submit`;
    const scores = JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '8'])));
    const justifications = JSON.stringify(Object.fromEntries(ITEMS.map((k) => [k, '说明'])));
    const before = await snapshot();
    for (const content of [Buffer.from('<html>not a pdf</html>'), Buffer.from('PK\u0003\u0004 a zip, not a docx'), Buffer.from('MZ\u0090\u0000 an exe')]) {
      const res = await t.http.post(url).set(t.as(st.user)).field('scores', scores).field('justifications', justifications)
        .attach('report', content, { filename: '年度工作总结.pdf', contentType: 'application/pdf' }).expect(400);
      expect(res.body).toMatchObject({ code: expect.stringMatching(/^VALIDATION/), details: [{ field: 'report', reason: expect.stringContaining('不是 PDF') }] });
    }
    expect(await snapshot()).toEqual(before);
    // the same form with a real PDF goes through
    await t.http.post(url).set(t.as(st.user)).field('scores', scores).field('justifications', justifications)
      .attach('report', SAMPLE_PDF, { filename: '年度工作总结.pdf', contentType: 'application/pdf' }).expect(201);
  });
});
