/**
 * Deactivating a user (PATCH …/users/:userId active=false) ends their sessions for good: their access and refresh
 * tokens stay refused after the account is enabled again; a role change ends them too. And the OpenAPI document
 * names only the bearer scheme (no stale "actor" header scheme on any operation).
 */
import { createTestApp, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';

const PASSWORD = 'Chengdong-assess-2026!';
let t: TestApp;
let s: SeededSubdistrict;

beforeAll(async () => {
  t = await createTestApp({ withWorker: false });
  s = await seedSubdistrict(t.db.dataSource, { stations: [{ name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国'] }] });
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function userWithPassword(username: string, role = 'coordinator') {
  const created = await t.http.post(`/subdistricts/${s.id}/users`).set(t.as(s.users.admin)).send({ username, displayName: username, role }).expect(201);
  await t.http.put(`/users/${created.body.id}/password`).set(t.as(s.users.admin)).send({ newPassword: PASSWORD }).expect(204);
  const login = await t.http.post('/auth/login').set('X-Forwarded-For', `10.9.0.${Math.floor(Math.random() * 250)}`).send({ username, password: PASSWORD }).expect(200);
  return { id: created.body.id as string, ...login.body as { accessToken: string; refreshToken: string } };
}

async function patchUser(id: string, changes: Record<string, unknown>) {
  const { body } = await t.http.get(`/subdistricts/${s.id}/users`).set(t.as(s.users.admin)).expect(200);
  const u = body.find((x: any) => x.id === id);
  return t.http.patch(`/subdistricts/${s.id}/users/${id}`).set(t.as(s.users.admin)).send({ version: u.version, ...changes }).expect(200);
}

describe('sessions end when an account is disabled or its role changes', () => {
  it('a disabled account’s tokens stay dead after it is enabled again; a fresh login works', async () => {
    const u = await userWithPassword('cd.deactivated');
    await t.http.get('/auth/me').set('Authorization', `Bearer ${u.accessToken}`).expect(200);
    await patchUser(u.id, { active: false });
    const [session] = await t.db.dataSource.query(`SELECT revoked_at, revoked_reason FROM auth_sessions WHERE user_id = $1`, [u.id]);
    expect(session).toMatchObject({ revoked_at: expect.any(Date), revoked_reason: 'account disabled' });
    await t.http.get('/auth/me').set('Authorization', `Bearer ${u.accessToken}`).expect(401);
    await patchUser(u.id, { active: true });
    await t.http.get('/auth/me').set('Authorization', `Bearer ${u.accessToken}`).expect(401);
    await t.http.post('/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
    await t.http.post('/auth/login').send({ username: 'cd.deactivated', password: PASSWORD }).expect(200);
  });

  it('a role change ends the sessions; an unrelated change (display name) does not', async () => {
    const u = await userWithPassword('cd.rolechange');
    await patchUser(u.id, { displayName: '城东 协调员' });
    await t.http.get('/auth/me').set('Authorization', `Bearer ${u.accessToken}`).expect(200);
    await patchUser(u.id, { role: 'leader' });
    await t.http.get('/auth/me').set('Authorization', `Bearer ${u.accessToken}`).expect(401);
    await t.http.post('/auth/refresh').send({ refreshToken: u.refreshToken }).expect(401);
  });
});

describe('OpenAPI security', () => {
  it('every protected operation asks for the bearer scheme; no operation names a scheme the document lacks', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body;
    const schemes = Object.keys(doc.components.securitySchemes ?? {});
    const stale: string[] = [];
    for (const [path, ops] of Object.entries<any>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(ops)) {
        for (const req of op.security ?? []) for (const name of Object.keys(req)) if (!schemes.includes(name)) stale.push(`${method} ${path}: ${name}`);
      }
    }
    expect(stale).toEqual([]);
  });
});
