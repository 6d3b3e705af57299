/**
 * The role × endpoint matrix. Every route of the running app (read from Nest's metadata, so routes added later are
 * covered without touching this file) is called as every role of subdistrict A, as every role of subdistrict B,
 * as the user of another station of A, and anonymously. The answer is checked against the policy table
 * (apps/api/src/access/permissions.ts) and the scope rules of DOMAIN.md: 401 anonymous, 403 a role without the
 * permission or data outside the caller's subdistrict/station, anything else (200, 400 for the dummy body, 404,
 * 409, 429 …) counts as allowed.
 */
import request from 'supertest';
import { PERMISSIONS, roleMay } from '../apps/api/src/access/permissions';
import { createTestApp, TestApp } from '@app/testing';
import { fillPath, listRoutes, RouteInfo } from './support/routes';
import { buildWorld, Caller, clientIp, unknownParam, World } from './support/world';

let t: TestApp;
let w: World;
let routes: RouteInfo[];

jest.setTimeout(120_000);

beforeAll(async () => {
  t = await createTestApp({ withWorker: false });
  w = await buildWorld(t);
  routes = listRoutes(t.app);
});
afterAll(async () => {
  await t?.close();
});

/** What DOMAIN.md "Who may do what" and the scope rules say this caller gets on this route. */
function expected(route: RouteInfo, c: Caller | null): 'allow' | 401 | 403 {
  if (route.isPublic) return 'allow';
  if (!c) return 401;
  if (!route.permission || !roleMay(c.role, route.permission)) return 403;
  const p = w.params;
  if (route.params.includes('userId') && p.userId !== c.id) {
    if (!roleMay(c.role, 'users.manage')) return 403;
    if (c.subdistrictId !== null && w.userSubdistrict[p.userId] !== c.subdistrictId) return 403;
  }
  if (route.params.includes('subdistrictId') && c.subdistrictId !== null && c.subdistrictId !== p.subdistrictId) return 403;
  if (route.params.includes('stationId')) {
    if (c.subdistrictId !== null && c.subdistrictId !== w.a.id) return 403;
    if (c.role === 'station' && c.stationId !== p.stationId) return 403;
  } else if (c.role === 'station' && route.params.includes('subdistrictId')) {
    return 403;
  }
  return 'allow';
}

function call(route: RouteInfo, c: Caller | null) {
  const url = fillPath(route, w.params, unknownParam);
  const m = route.method === 'ALL' ? 'get' : (route.method.toLowerCase() as 'get');
  let req = (request(t.app.getHttpServer()) as any)[m](url).set('X-Forwarded-For', clientIp());
  if (c) req = req.set(t.as(c));
  // a dummy body: the guard decides before validation, and an empty body is refused by every DTO that needs one
  if (['POST', 'PUT', 'PATCH'].includes(route.method) && !route.multipart) req = req.send({});
  return req as Promise<request.Response>;
}

function outcome(status: number): 'allow' | 401 | 403 {
  return status === 401 || status === 403 ? status : 'allow';
}

describe('access matrix', () => {
  it('finds the routes of every feature (enumerated from Nest metadata)', () => {
    expect(routes.length).toBeGreaterThan(60);
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual(expect.arrayContaining([
      'GET /health', 'POST /auth/login', 'PATCH /subdistricts/:subdistrictId/users/:userId',
      'PUT /subdistricts/:subdistrictId/years/:year/stations/:stationId/scores/daily/:itemKey',
      'GET /subdistricts/:subdistrictId/years/:year/stations/:stationId/audit', 'GET /subdistricts/:subdistrictId/audit.xlsx',
    ]));
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

  it('every route has either @Allow(permission) from the policy table or @Public()', () => {
    const bad = routes.filter((r) => r.isPublic === Boolean(r.permission) || (r.permission && !(r.permission in PERMISSIONS)));
    expect(bad.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    // the public surface is exactly what needs no login
    expect(routes.filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`).sort()).toEqual(['GET /health', 'POST /auth/login', 'POST /auth/refresh']);
  });

  it('every permission of the policy table is used by some route', () => {
    const used = new Set(routes.map((r) => r.permission));
    // password.set/users.manage etc. are all routed; a permission no route names is dead policy
    const unused = Object.keys(PERMISSIONS).filter((p) => !used.has(p as any));
    expect(unused.filter((p) => !['projections.rebuild', 'policies.read'].includes(p))).toEqual([]);
  });

  it('calls every route as every role, foreign subdistrict, other station and anonymous: allow/deny as the policy table says', async () => {
    const callers: (Caller | null)[] = [null, ...w.home, ...w.foreign, w.otherStation];
    const mismatches: string[] = [];
    let calls = 0;
    const tally = { allow: 0, 401: 0, 403: 0 } as Record<string, number>;
    for (const route of routes) {
      for (const c of callers) {
        const want = expected(route, c);
        const res = await call(route, c);
        calls += 1;
        const got = outcome(res.status);
        tally[String(got)] += 1;
        if (res.status >= 500) mismatches.push(`${route.method} ${route.path} as ${c?.label ?? 'anonymous'}: ${res.status} ${JSON.stringify(res.body)}`);
        else if (got !== want) mismatches.push(`${route.method} ${route.path} as ${c?.label ?? 'anonymous'}: want ${want}, got ${res.status} ${res.body?.code ?? ''} ${res.body?.message ?? ''}`);
        if (got === 403) expect(res.body).toMatchObject({ code: 'FORBIDDEN', details: [] });
        if (got === 401 && !route.isPublic) expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBe(routes.length * callers.length);
    // the matrix is not trivially one-sided
    expect(tally.allow).toBeGreaterThan(100);
    expect(tally[403]).toBeGreaterThan(300);
    expect(tally[401]).toBe(routes.filter((r) => !r.isPublic).length);
  }, 120_000);

  it('a token of a disabled user or a garbage token is 401 on every protected route, never 403 or 5xx', async () => {
    const [disabled] = await t.db.dataSource.query(
      `INSERT INTO users (username, display_name, role, subdistrict_id, active) VALUES ('cd-disabled', '停用', 'coordinator', $1, false) RETURNING id`, [w.a.id],
    );
    for (const auth of [{ Authorization: 'Bearer not.a.token' }, t.as({ id: disabled.id })]) {
      for (const route of routes.filter((r) => !r.isPublic)) {
        const url = fillPath(route, w.params, unknownParam);
        const res = await (t.http as any)[route.method.toLowerCase()](url).set(auth).set('X-Forwarded-For', clientIp());
        expect([route.path, res.status, res.body.code]).toEqual([route.path, 401, 'UNAUTHENTICATED']);
      }
    }
  }, 60_000);
});
