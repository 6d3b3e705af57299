import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '@app/config';
import { ManualClock } from '@app/platform';
import { AccessTokenService } from './access-token.service';
import { AuthError } from './errors';
import { passwordProblem } from './password';

const USER = '11111111-1111-4111-8111-111111111111';
const SESSION = '22222222-2222-4222-8222-222222222222';
const SECRET = 'unit-test-secret-that-is-long-enough-1234';

function service(clock: ManualClock, secret = SECRET, ttl = '900') {
  return new AccessTokenService(new JwtService(), secret, loadConfig({ ACCESS_TOKEN_TTL_SECONDS: ttl }), clock);
}

const reason = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof AuthError ? e.reason : e;
  }
};

describe('AccessTokenService', () => {
  it('signs HS256 tokens with sub, role, subdistrict, station, sid, jti and the configured lifetime', () => {
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const s = service(clock);
    const a = s.sign({ id: USER, role: 'coordinator', subdistrictId: 'sd', stationId: null }, SESSION);
    const b = s.sign({ id: USER, role: 'coordinator', subdistrictId: 'sd', stationId: null }, SESSION);
    expect(a.expiresIn).toBe(900);
    expect(a.expiresAt.toISOString()).toBe('2026-03-01T00:15:00.000Z');
    const claims = s.verify(a.token);
    expect(claims).toEqual(expect.objectContaining({ sub: USER, role: 'coordinator', subdistrict: 'sd', station: null, sid: SESSION }));
    expect(claims.jti).not.toBe(s.verify(b.token).jti);
    expect(JSON.parse(Buffer.from(a.token.split('.')[0], 'base64url').toString()).alg).toBe('HS256');
  });

  it('expires exactly at exp on its clock', () => {
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const s = service(clock, SECRET, '60');
    const { token } = s.sign({ id: USER }, SESSION);
    clock.advance(59_999);
    expect(reason(() => s.verify(token))).toBeNull();
    clock.advance(1);
    expect(reason(() => s.verify(token))).toBe('token_expired');
  });

  it('refuses another secret, a tampered payload and tokens without a user or session', () => {
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const { token } = service(clock).sign({ id: USER }, SESSION);
    expect(reason(() => service(clock, 'another-secret-that-is-long-enough-12345').verify(token))).toBe('invalid_token');
    const [h, , sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: USER, sid: SESSION, role: 'admin', exp: 9e9 })).toString('base64url');
    expect(reason(() => service(clock).verify(`${h}.${forged}.${sig}`))).toBe('invalid_token');
    const noSession = new JwtService().sign({ sub: USER, iss: 'station-assessment' }, { secret: SECRET, expiresIn: 60 });
    expect(reason(() => service(new ManualClock(new Date())).verify(noSession))).toBe('invalid_token');
  });
});

describe('passwordProblem', () => {
  it('refuses passwords shorter than 12 characters (counted as characters, not bytes) and trivial ones', () => {
    expect(passwordProblem('elevenchars')).toMatch(/at least 12/);
    expect(passwordProblem('twelve chars')).toBeNull();
    expect(passwordProblem('派驻机构考核密码十二个字')).toBeNull();
    expect(passwordProblem('派驻机构考核密码')).toMatch(/at least 12/);
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toMatch(/different/);
    expect(passwordProblem('            ')).toMatch(/spaces/);
    expect(passwordProblem('x'.repeat(300))).toMatch(/at most/);
  });
});
