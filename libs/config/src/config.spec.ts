import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults with an empty environment', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c).toMatchObject({
      databaseUrl: undefined,
      redisUrl: undefined,
      port: 3000,
      timeZone: 'Asia/Shanghai',
      queuePrefix: 'sa',
      logLevel: 'info',
      dataDir: '/srv/app/.data',
      sweepEveryMs: 60000,
      maxUploadBytes: 20 * 1024 * 1024,
      overviewTotalsCacheFrom: 1000,
      overviewTotalsMaxAgeSeconds: 60,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      REDIS_URL: 'redis://cache:6379',
      PORT: '8080',
      TIME_ZONE: 'Asia/Urumqi',
      QUEUE_PREFIX: 'prod',
      LOG_LEVEL: 'debug',
      DATA_DIR: '/var/data',
      OVERVIEW_TOTALS_CACHE_FROM: '2',
      OVERVIEW_TOTALS_MAX_AGE: '300',
    });
    expect(c).toMatchObject({ port: 8080, timeZone: 'Asia/Urumqi', queuePrefix: 'prod', logLevel: 'debug', dataDir: '/var/data' });
    expect(c).toMatchObject({ overviewTotalsCacheFrom: 2, overviewTotalsMaxAgeSeconds: 300 });
    expect(c.redisUrl).toBe('redis://cache:6379');
  });

  it('names every bad variable and the reason, and hides passwords', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({ PORT: 'eighty', TIME_ZONE: 'Mars/Base', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://u:secret@h/db', REDIS_URL: 'not a url' });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const vars = error!.problems.map((p) => p.variable).sort();
    expect(vars).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'REDIS_URL', 'TIME_ZONE']);
    expect(error!.message).toContain('PORT: must be a whole number, got "eighty"');
    expect(error!.message).toContain('TIME_ZONE: is not an IANA time zone');
    expect(error!.message).not.toContain('secret');
  });

  it('refuses a port out of range and a short JWT secret', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow('PORT: must be between 0 and 65535, got 70000');
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow('JWT_SECRET: must be at least 32 characters');
  });

  it('refuses an overview totals threshold or age of zero or not a number', () => {
    expect(() => loadConfig({ OVERVIEW_TOTALS_CACHE_FROM: '0' })).toThrow('OVERVIEW_TOTALS_CACHE_FROM: must be between 1 and 100000000, got 0');
    expect(() => loadConfig({ OVERVIEW_TOTALS_MAX_AGE: '1m' })).toThrow('OVERVIEW_TOTALS_MAX_AGE: must be a whole number, got "1m"');
    expect(() => loadConfig({ OVERVIEW_TOTALS_MAX_AGE: '0' })).toThrow('OVERVIEW_TOTALS_MAX_AGE: must be between 1 and 86400, got 0');
  });
});
