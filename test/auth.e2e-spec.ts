/**
 * Authentication end to end: password login, bearer access tokens, refresh rotation with reuse detection,
 * logout, API tokens, disabled accounts, login rate limit, the create-admin command — on real Postgres.
 */
import { createHash, randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { createTestApp, TestApp } from '@app/testing';
import { hashPassword, resolveJwtSecret, JWT_SECRET_SETTING } from '@app/auth';
import { makeCreateAdminCommand } from '../apps/cli/src/commands/create-admin.command';
import { parseArgs } from '../apps/cli/src/cli-command';

const PASSWORD = 'correct horse battery staple';

interface Ids { subdistrictId: string; otherSubdistrictId: string; stationId: string }

async function seedMasterData(t: TestApp): Promise<Ids> {
  const q = (sql: string, p: unknown[] = []) => t.runtime.dataSource.query(sql, p);
  const [sub] = await q(`INSERT INTO subdistricts (name, abbr) VALUES ('城东街道', '城东') RETURNING id`);
  const [other] = await q(`INSERT INTO subdistricts (name, abbr) VALUES ('城西街道', '城西') RETURNING id`);
  const [dep] = await q(`INSERT INTO departments (subdistrict_id, name, kind) VALUES ($1, '区公安分局', 'dispatching') RETURNING id`, [sub.id]);
  const [st] = await q(
    `INSERT INTO stations (subdistrict_id, department_id, name, kind, headcount) VALUES ($1, $2, '城东派出所', 'regional', 12) RETURNING id`,
    [sub.id, dep.id],
  );
  return { subdistrictId: sub.id, otherSubdistrictId: other.id, stationId: st.id };
}

type Role = 'station' | 'command_room' | 'coordinator' | 'leader' | 'admin';

async function addUser(
  t: TestApp, ids: Ids, role: Role, { password = PASSWORD as string | null, subdistrictId = ids.subdistrictId as string | null } = {},
) {
  const username = `${role}.${randomBytes(4).toString('hex')}`;
  const [u] = await t.runtime.dataSource.query(
    `INSERT INTO users (username, display_name, role, subdistrict_id, station_id, password_hash)
     VALUES ($1, $1, $2, $3, $4, $5) RETURNING id`,
    [username, role, role === 'admin' ? subdistrictId : ids.subdistrictId, role === 'station' ? ids.stationId : null,
      password ? await hashPassword(password) : null],
  );
  return { id: u.id as string, username, role };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const decode = (jwt: string) => jwt.split('.').slice(0, 2).map((p) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));

function expectUnauthorized(res: { status: number; body: any }, message?: RegExp) {
  expect(res.status).toBe(401);
  expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String), details: [] });
  if (message) expect(res.body.message).toMatch(message);
}

describe('authentication (e2e)', () => {
  let t: TestApp;
  let ids: Ids;

  beforeAll(async () => {
    t = await createTestApp({ withWorker: false });
    ids = await seedMasterData(t);
  });
  afterAll(() => t?.close());

  const login = (username: string, password = PASSWORD) => t.http.post('/auth/login').send({ username, password });

  describe('login', () => {
    it('answers a correct password with an access token, a refresh token, its lifetime and the user', async () => {
      const user = await addUser(t, ids, 'coordinator');
      const res = await login(user.username);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({
        accessToken: expect.any(String),
        refreshToken: expect.stringMatching(/^srt_/),
        expiresIn: 900,
        user: expect.objectContaining({ id: user.id, username: user.username, role: 'coordinator', subdistrictId: ids.subdistrictId, stationId: null }),
      }));
      const [header, claims] = decode(res.body.accessToken);
      expect(header.alg).toBe('HS256');
      expect(claims).toEqual(expect.objectContaining({
        sub: user.id, role: 'coordinator', subdistrict: ids.subdistrictId, station: null, jti: expect.any(String), sid: expect.any(String),
      }));
      expect(claims.exp - claims.iat).toBe(900);
      // the refresh token is stored only as its hash
      const rows = await t.runtime.dataSource.query(`SELECT token_hash FROM refresh_tokens`);
      expect(rows.map((r: any) => r.token_hash)).toContain(createHash('sha256').update(res.body.refreshToken).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(res.body.refreshToken);
    });

    it('stores argon2id hashes and refuses a wrong password, an unknown user and a user without a password alike', async () => {
      const user = await addUser(t, ids, 'leader');
      const [{ password_hash }] = await t.runtime.dataSource.query(`SELECT password_hash FROM users WHERE id = $1`, [user.id]);
      expect(password_hash).toMatch(/^\$argon2id\$/);
      expectUnauthorized(await login(user.username, 'wrong password!!'), /用户名或密码错误/);
      expectUnauthorized(await login('nobody.' + randomBytes(3).toString('hex')), /用户名或密码错误/);
      const noPassword = await addUser(t, ids, 'leader', { password: null });
      expectUnauthorized(await login(noPassword.username, 'any password at all'), /用户名或密码错误/);
    });

    it('validates the body with the standard error body', async () => {
      const res = await t.http.post('/auth/login').send({ username: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
    });

    it('never stores a login answer under an Idempotency-Key (it carries credentials)', async () => {
      const user = await addUser(t, ids, 'coordinator');
      const res = await login(user.username).set('Idempotency-Key', 'login-1');
      expect(res.status).toBe(200);
      const stored = await t.runtime.dataSource.query(`SELECT * FROM idempotency_keys WHERE key = 'login-1'`);
      expect(stored).toEqual([]);
    });
  });

  describe('bearer tokens in the AccessGuard', () => {
    it('lets an access token act as its user, with role and scope read from the users row', async () => {
      const user = await addUser(t, ids, 'station');
      const { body } = await login(user.username);
      const me = await t.http.get('/auth/me').set(bearer(body.accessToken));
      expect(me.status).toBe(200);
      expect(me.body).toEqual({
        userId: user.id, username: user.username, role: 'station', subdistrictId: ids.subdistrictId, stationId: ids.stationId, via: 'session',
        displayName: user.username, roleLabel: '站所用户', mustChangePassword: false, permissions: expect.arrayContaining(['selfassessment.file', 'inbox.own']), exportKinds: [],
      });
      expect(me.body.permissions).not.toContain('scores.daily');
      // authorization still applies: a station user may not manage API tokens
      const forbidden = await t.http.get('/auth/api-tokens').set(bearer(body.accessToken));
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.code).toBe('FORBIDDEN');
    });

    it('refuses a missing, malformed, forged or foreign-secret token with 401', async () => {
      const user = await addUser(t, ids, 'coordinator');
      const { body } = await login(user.username);
      const none = await t.http.get('/auth/me');
      expectUnauthorized(none, /请先登录/);
      expect(none.headers['www-authenticate']).toBe('Bearer');
      expectUnauthorized(await t.http.get('/auth/me').set('Authorization', 'Basic abc'));
      expectUnauthorized(await t.http.get('/auth/me').set(bearer('not-a-jwt')), /登录凭证无效/);
      const [h, c, s] = body.accessToken.split('.');
      const escalated = Buffer.from(JSON.stringify({ ...decode(body.accessToken)[1], role: 'admin' })).toString('base64url');
      expectUnauthorized(await t.http.get('/auth/me').set(bearer(`${h}.${escalated}.${s}`)), /登录凭证无效/);
      const none256 = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      expectUnauthorized(await t.http.get('/auth/me').set(bearer(`${none256}.${c}.`)), /登录凭证无效/);
      const foreign = new JwtService().sign(decode(body.accessToken)[1], { secret: 'another deployment secret, 32+ characters long', algorithm: 'HS256' });
      expectUnauthorized(await t.http.get('/auth/me').set(bearer(foreign)), /登录凭证无效/);
    });

    it('no longer accepts X-User-Id', async () => {
      const admin = await addUser(t, ids, 'admin', { subdistrictId: null });
      expectUnauthorized(await t.http.get('/auth/me').set('X-User-Id', admin.id));
      expectUnauthorized(await t.http.get('/auth/api-tokens').set('X-User-Id', admin.id));
    });

    it('keeps /health and /docs public', async () => {
      expect((await t.http.get('/health')).status).toBe(200);
      expect((await t.http.get('/docs')).status).toBe(200);
      const spec = await t.http.get('/docs-json');
      expect(spec.status).toBe(200);
      expect(spec.body.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    });

    it('TestApp.as(user) gives a real bearer token for that user', async () => {
      const user = await addUser(t, ids, 'leader');
      const headers = t.as({ id: user.id });
      expect(Object.keys(headers)).toEqual(['Authorization']);
      expect(headers.Authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
      const me = await t.http.get('/auth/me').set(headers);
      expect(me.status).toBe(200);
      expect(me.body.userId).toBe(user.id);
    });

    it('measures token lifetimes on wall time: moving the business clock does not expire them', async () => {
      const user = await addUser(t, ids, 'coordinator');
      const { body } = await login(user.username);
      const before = t.clock.now();
      t.clock.advance(365 * 86_400_000);
      try {
        expect((await t.http.get('/auth/me').set(bearer(body.accessToken))).status).toBe(200);
      } finally {
        t.clock.set(before);
      }
    });

    it('keeps the generated signing secret in the settings table, so every process and restart agrees', async () => {
      const [row] = await t.runtime.dataSource.query(`SELECT value FROM settings WHERE key = $1`, [JWT_SECRET_SETTING]);
      expect(row.value.length).toBeGreaterThanOrEqual(48);
      expect(await resolveJwtSecret(t.runtime.dataSource)).toBe(row.value);
      expect(await resolveJwtSecret(t.runtime.dataSource, 'x'.repeat(40))).toBe('x'.repeat(40));
    });
  });

  describe('refresh and logout', () => {
    it('rotates the refresh token; a spent one coming back revokes the whole session', async () => {
      const user = await addUser(t, ids, 'coordinator');
      const first = (await login(user.username)).body;

      const second = await t.http.post('/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(second.status).toBe(200);
      expect(second.body.refreshToken).toMatch(/^srt_/);
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect(decode(second.body.accessToken)[1].sid).toBe(decode(first.accessToken)[1].sid);
      expect((await t.http.get('/auth/me').set(bearer(second.body.accessToken))).status).toBe(200);

      const third = await t.http.post('/auth/refresh').send({ refreshToken: second.body.refreshToken });
      expect(third.status).toBe(200);

      // replaying the first (already rotated) token: refused and the family is revoked
      expectUnauthorized(await t.http.post('/auth/refresh').send({ refreshToken: first.refreshToken }), /已被使用过/);
      expectUnauthorized(await t.http.post('/auth/refresh').send({ refreshToken: third.body.refreshToken }), /已失效|已吊销/);
      expectUnauthorized(await t.http.get('/auth/me').set(bearer(third.body.accessToken)), /已失效|已吊销/);
      // other sessions of the same user are untouched
      const other = (await login(user.username)).body;
      expect((await t.http.get('/auth/me').set(bearer(other.accessToken))).status).toBe(200);
    });

    it('refuses an unknown refresh token', async () => {
      expectUnauthorized(await t.http.post('/auth/refresh').send({ refreshToken: 'srt_' + randomBytes(32).toString('base64url') }));
      expectUnauthorized(await t.http.post('/auth/refresh').send({ refreshToken: 'garbage' }));
    });

    it('logout revokes the session: its access and refresh tokens stop working', async () => {
      const user = await addUser(t, ids, 'command_room');
      const session = (await login(user.username)).body;
      const other = (await login(user.username)).body;
      const out = await t.http.post('/auth/logout').set(bearer(session.accessToken));
      expect(out.status).toBe(204);
      expectUnauthorized(await t.http.get('/auth/me').set(bearer(session.accessToken)), /已失效|已吊销/);
      expectUnauthorized(await t.http.post('/auth/refresh').send({ refreshToken: session.refreshToken }), /已失效|已吊销/);
      expectUnauthorized(await t.http.post('/auth/logout').set(bearer(session.accessToken)));
      expect((await t.http.get('/auth/me').set(bearer(other.accessToken))).status).toBe(200);
    });

    it('logout works for a harness token too', async () => {
      const user = await addUser(t, ids, 'leader');
      const headers = t.as(user);
      expect((await t.http.post('/auth/logout').set(headers)).status).toBe(204);
      expectUnauthorized(await t.http.get('/auth/me').set(headers), /已失效|已吊销/);
    });
  });

  describe('disabled users', () => {
    it('cannot log in, and their tokens stop working at the next request', async () => {
      const user = await addUser(t, ids, 'coordinator');
      const session = (await login(user.username)).body;
      const harness = t.as(user);
      expect((await t.http.get('/auth/me').set(bearer(session.accessToken))).status).toBe(200);
      await t.runtime.dataSource.query(`UPDATE users SET active = false WHERE id = $1`, [user.id]);
      expectUnauthorized(await t.http.get('/auth/me').set(bearer(session.accessToken)), /已停用/);
      expectUnauthorized(await t.http.get('/auth/me').set(harness), /已停用/);
      expectUnauthorized(await t.http.post('/auth/refresh').send({ refreshToken: session.refreshToken }), /已停用/);
      expectUnauthorized(await login(user.username), /已停用/);
      expectUnauthorized(await login(user.username, 'wrong password!!'), /用户名或密码错误/);
    });
  });

  describe('API tokens', () => {
    it('an admin creates one (shown once, stored as SHA-256), it acts with its role, and revoking it ends it', async () => {
      const admin = await addUser(t, ids, 'admin', { subdistrictId: null });
      const created = await t.http.post('/auth/api-tokens').set(t.as(admin))
        .send({ name: 'hotline integration', role: 'command_room', subdistrictId: ids.subdistrictId });
      expect(created.status).toBe(201);
      expect(created.body).toEqual(expect.objectContaining({
        id: expect.any(String), name: 'hotline integration', role: 'command_room', subdistrictId: ids.subdistrictId,
        stationId: null, expiresAt: null, revokedAt: null, token: expect.stringMatching(/^sat_[\w-]{43}$/),
      }));
      const token: string = created.body.token;
      const [row] = await t.runtime.dataSource.query(`SELECT token_hash FROM api_tokens WHERE id = $1`, [created.body.id]);
      expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));

      const me = await t.http.get('/auth/me').set(bearer(token));
      expect(me.status).toBe(200);
      expect(me.body).toEqual(expect.objectContaining({ role: 'command_room', subdistrictId: ids.subdistrictId, via: 'api-token' }));
      // role-limited: it cannot manage tokens, and it has no session to log out of
      expect((await t.http.post('/auth/api-tokens').set(bearer(token)).send({ name: 'x', role: 'leader', subdistrictId: ids.subdistrictId })).status).toBe(403);
      expect((await t.http.post('/auth/logout').set(bearer(token))).status).toBe(400);

      const list = await t.http.get('/auth/api-tokens').set(t.as(admin));
      expect(list.status).toBe(200);
      expect(list.body.map((x: any) => x.id)).toContain(created.body.id);
      expect(JSON.stringify(list.body)).not.toContain(token);
      expect(list.body.find((x: any) => x.id === created.body.id).lastUsedAt).not.toBeNull();

      expect((await t.http.delete(`/auth/api-tokens/${created.body.id}`).set(t.as(admin))).status).toBe(204);
      expectUnauthorized(await t.http.get('/auth/me').set(bearer(token)), /已失效|已吊销/);
      expectUnauthorized(await t.http.get('/auth/me').set(bearer('sat_' + randomBytes(32).toString('base64url'))), /接口令牌无效/);
    });

    it('checks scope and input: no admin tokens, station tokens name their station, expiry in the future', async () => {
      const admin = await addUser(t, ids, 'admin', { subdistrictId: null });
      const post = (body: object) => t.http.post('/auth/api-tokens').set(t.as(admin)).send(body);
      expect((await post({ name: 'a', role: 'admin', subdistrictId: ids.subdistrictId })).status).toBe(400);
      expect((await post({ name: 'a', role: 'station', subdistrictId: ids.subdistrictId })).status).toBe(400);
      expect((await post({ name: 'a', role: 'coordinator', subdistrictId: ids.subdistrictId, expiresAt: '2000-01-01T00:00:00Z' })).status).toBe(400);
      const station = await post({ name: 'a', role: 'station', subdistrictId: ids.subdistrictId, stationId: ids.stationId });
      expect(station.status).toBe(201);
      const me = await t.http.get('/auth/me').set(bearer(station.body.token));
      expect(me.body).toEqual(expect.objectContaining({ role: 'station', stationId: ids.stationId }));

      // a subdistrict-bound admin manages only its own subdistrict's tokens
      const local = await addUser(t, ids, 'admin', { subdistrictId: ids.subdistrictId });
      const foreign = await t.http.post('/auth/api-tokens').set(t.as(local))
        .send({ name: 'b', role: 'leader', subdistrictId: ids.otherSubdistrictId });
      expect(foreign.status).toBe(403);
      const central = await post({ name: 'c', role: 'leader', subdistrictId: ids.otherSubdistrictId });
      expect((await t.http.delete(`/auth/api-tokens/${central.body.id}`).set(t.as(local))).status).toBe(404);
    });

    it('an expiring token stops at its expiry', async () => {
      const admin = await addUser(t, ids, 'admin', { subdistrictId: null });
      const created = await t.http.post('/auth/api-tokens').set(t.as(admin))
        .send({ name: 'short', role: 'leader', subdistrictId: ids.subdistrictId, expiresAt: new Date(Date.now() + 60_000).toISOString() });
      expect(created.status).toBe(201);
      expect((await t.http.get('/auth/me').set(bearer(created.body.token))).status).toBe(200);
      await t.runtime.dataSource.query(`UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.body.id]);
      expectUnauthorized(await t.http.get('/auth/me').set(bearer(created.body.token)), /已过期/);
    });
  });

  describe('passwords', () => {
    it('an admin sets a user’s password; that user’s sessions end', async () => {
      const admin = await addUser(t, ids, 'admin', { subdistrictId: null });
      const user = await addUser(t, ids, 'station', { password: null });
      const weak = await t.http.put(`/users/${user.id}/password`).set(t.as(admin)).send({ newPassword: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.details).toEqual([{ field: 'newPassword', reason: '至少12个字符' }]);
      expect((await t.http.put(`/users/${user.id}/password`).set(t.as(admin)).send({ newPassword: 'first password 2026' })).status).toBe(204);
      const session = (await login(user.username, 'first password 2026')).body;
      expect((await t.http.put(`/users/${user.id}/password`).set(t.as(admin)).send({ newPassword: 'second password 2026' })).status).toBe(204);
      expectUnauthorized(await t.http.get('/auth/me').set(bearer(session.accessToken)), /已失效|已吊销/);
      expect((await login(user.username, 'second password 2026')).status).toBe(200);
      const events = await t.runtime.dataSource.query(`SELECT type, actor_id, payload FROM events WHERE stream_id = $1`, [user.id]);
      expect(events).toHaveLength(2);
      expect(events[0]).toEqual({ type: 'UserPasswordChanged', actor_id: admin.id, payload: { userId: user.id, by: 'administrator' } });
    });

    it('a user changes their own with the old one; other sessions end, this one stays', async () => {
      const user = await addUser(t, ids, 'coordinator');
      const current = (await login(user.username)).body;
      const elsewhere = (await login(user.username)).body;
      const put = (body: object) => t.http.put(`/users/${user.id}/password`).set(bearer(current.accessToken)).send(body);
      expect((await put({ newPassword: 'a brand new password' })).status).toBe(400); // old one missing
      const wrong = await put({ oldPassword: 'not my password', newPassword: 'a brand new password' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.details).toEqual([{ field: 'oldPassword', reason: '原密码不正确，请重新输入' }]);
      expect((await put({ oldPassword: PASSWORD, newPassword: 'a brand new password' })).status).toBe(204);
      expect((await t.http.get('/auth/me').set(bearer(current.accessToken))).status).toBe(200);
      expectUnauthorized(await t.http.get('/auth/me').set(bearer(elsewhere.accessToken)), /已失效|已吊销/);
      expectUnauthorized(await login(user.username));
      expect((await login(user.username, 'a brand new password')).status).toBe(200);
    });

    it('a password an administrator set must be changed: login and /auth/me say so until the user chooses their own', async () => {
      const admin = await addUser(t, ids, 'admin', { subdistrictId: null });
      const user = await addUser(t, ids, 'coordinator', { password: null });
      expect((await t.http.put(`/users/${user.id}/password`).set(t.as(admin)).send({ newPassword: 'temporary password 1' })).status).toBe(204);
      const first = await login(user.username, 'temporary password 1');
      expect(first.body.user.mustChangePassword).toBe(true);
      expect((await t.http.get('/auth/me').set(bearer(first.body.accessToken))).body.mustChangePassword).toBe(true);
      const refreshed = await t.http.post('/auth/refresh').send({ refreshToken: first.body.refreshToken });
      expect(refreshed.body.user.mustChangePassword).toBe(true);
      // the server, not only the console, holds everything else back until then
      const held = await t.http.get('/inbox').set(bearer(refreshed.body.accessToken));
      expect([held.status, held.body.code, held.body.message]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED', '当前密码由管理员设置，请先修改为您自己的密码，再继续操作']);
      const own = await t.http.put(`/users/${user.id}/password`).set(bearer(refreshed.body.accessToken))
        .send({ oldPassword: 'temporary password 1', newPassword: 'my own password 2026' });
      expect(own.status).toBe(204);
      expect((await t.http.get('/auth/me').set(bearer(refreshed.body.accessToken))).body.mustChangePassword).toBe(false);
      expect((await t.http.get('/inbox').set(bearer(refreshed.body.accessToken))).status).toBe(200);
      expect((await login(user.username, 'my own password 2026')).body.user.mustChangePassword).toBe(false);
    });

    it('only an admin of the user’s subdistrict sets someone else’s password', async () => {
      const coordinator = await addUser(t, ids, 'coordinator');
      const victim = await addUser(t, ids, 'station');
      const res = await t.http.put(`/users/${victim.id}/password`).set(t.as(coordinator)).send({ newPassword: 'taken over account!' });
      expect(res.status).toBe(403);
      const centralAdmin = await addUser(t, ids, 'admin', { subdistrictId: null });
      const localAdmin = await addUser(t, ids, 'admin', { subdistrictId: ids.subdistrictId });
      const up = await t.http.put(`/users/${centralAdmin.id}/password`).set(t.as(localAdmin)).send({ newPassword: 'taken over account!' });
      expect(up.status).toBe(403);
      expect((await t.http.put(`/users/${victim.id}/password`).set(t.as(localAdmin)).send({ newPassword: 'reset by local admin' })).status).toBe(204);
    });
  });

  describe('rate limit', () => {
    it('allows 5 failed login attempts per minute per username, then answers 429 with the standard body and Retry-After', async () => {
      const user = await addUser(t, ids, 'leader');
      for (let i = 0; i < 5; i++) expectUnauthorized(await login(user.username, `wrong password ${i}!`));
      const limited = await login(user.username); // even the right password now waits
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ code: 'TOO_MANY_REQUESTS', message: expect.any(String), details: [] });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // another account from the same client is not affected
      const other = await addUser(t, ids, 'leader');
      expect((await login(other.username)).status).toBe(200);
    });
  });

  describe('create-admin command', () => {
    const run = async (argv: string[], stdin: string) => {
      const out: string[] = [];
      const err: string[] = [];
      const command = makeCreateAdminCommand({
        readStdin: async () => stdin,
        out: (l) => out.push(l),
        err: (l) => err.push(l),
        env: { DATABASE_URL: t.db.runtimeUrl, DATABASE_OWNER_URL: t.db.url, LOG_LEVEL: 'error' },
      });
      const code = await command.run(parseArgs(argv));
      return { code, out: out.join('\n'), err: err.join('\n') };
    };

    it('refuses a weak password and a password on the command line, and creates nothing', async () => {
      const weak = await run(['--username', 'root.admin', '--password-stdin'], 'short1234\n');
      expect(weak.code).toBe(2);
      expect(weak.err).toMatch(/weak password refused.*at least 12/);
      const inline = await run(['--username', 'root.admin', '--password', 'a very long password'], '');
      expect(inline.code).toBe(2);
      expect(inline.err).toMatch(/shell history/);
      const noTty = await run(['--username', 'root.admin'], '');
      expect(noTty.code).toBe(2);
      const rows = await t.runtime.dataSource.query(`SELECT id FROM users WHERE username = 'root.admin'`);
      expect(rows).toEqual([]);
    });

    it('creates a working admin, once', async () => {
      const created = await run(['--username', 'root.admin', '--password-stdin'], 'an admin password 2026\n');
      expect(created.code).toBe(0);
      expect(created.out).toMatch(/created administrator "root.admin"/);
      expect(created.out + created.err).not.toContain('an admin password 2026');
      const res = await login('root.admin', 'an admin password 2026');
      expect(res.status).toBe(200);
      expect(res.body.user).toEqual(expect.objectContaining({ role: 'admin', subdistrictId: null }));
      expect((await t.http.get('/auth/api-tokens').set(bearer(res.body.accessToken))).status).toBe(200);
      const again = await run(['--username', 'root.admin', '--password-stdin'], 'another admin password\n');
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/already exists/);
    });
  });
});

describe('access token expiry (e2e, real time)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ withWorker: false, env: { ACCESS_TOKEN_TTL_SECONDS: '10' } });
  });
  afterAll(() => t?.close());

  it('refuses an access token after ACCESS_TOKEN_TTL_SECONDS of wall time; the refresh token still gets a new one', async () => {
    const [sub] = await t.runtime.dataSource.query(`INSERT INTO subdistricts (name, abbr) VALUES ('城北街道', '城北') RETURNING id`);
    await t.runtime.dataSource.query(
      `INSERT INTO users (username, display_name, role, subdistrict_id, password_hash) VALUES ('ttl.user', 'ttl', 'leader', $1, $2)`,
      [sub.id, await hashPassword(PASSWORD)],
    );
    const { body } = await t.http.post('/auth/login').send({ username: 'ttl.user', password: PASSWORD });
    expect(body.expiresIn).toBe(10);
    expect((await t.http.get('/auth/me').set(bearer(body.accessToken))).status).toBe(200);
    const exp = decode(body.accessToken)[1].exp * 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, exp - Date.now()) + 250));
    expectUnauthorized(await t.http.get('/auth/me').set(bearer(body.accessToken)), /已过期/);
    const refreshed = await t.http.post('/auth/refresh').send({ refreshToken: body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect((await t.http.get('/auth/me').set(bearer(refreshed.body.accessToken))).status).toBe(200);
  }, 30_000);
});
