/**
 * Typed application configuration read from the environment once at start-up.
 * Every problem is collected and reported together, naming the variable and the reason,
 * so an operator fixes a bad deployment in one pass.
 */
import * as path from 'node:path';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const APP_ROLES = ['all', 'api', 'worker'] as const;

export interface AppConfig {
  /** Postgres connection string; undefined means: start embedded PostgreSQL under dataDir. */
  databaseUrl?: string;
  /**
   * The schema owner's connection: runs migrations and grants the runtime role (DATABASE_URL's user) what it
   * needs. Undefined: DATABASE_URL's user does both (one role; the start-up log warns).
   */
  databaseOwnerUrl?: string;
  /** Redis connection string; undefined means: queues use BullMQ's PostgreSQL backend. */
  redisUrl?: string;
  port: number;
  timeZone: string;
  queuePrefix: string;
  logLevel: LogLevel;
  dataDir: string;
  /** Folder with policies/*.json and calendars/*.json. */
  configDir: string;
  /** How often the deadline/reminder sweep runs. */
  sweepEveryMs: number;
  /** Port of the embedded PostgreSQL (zero-setup mode). */
  embeddedPgPort: number;
  /** Secret for signing access tokens; generated per data folder when unset. */
  jwtSecret?: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Secret used to sign outgoing webhooks when a recipient has none of its own. */
  webhookSecret?: string;
  smtpUrl?: string;
  mailFrom: string;
  /** An Idempotency-Key whose first request has not finished after this long may be taken over by a retry. */
  idempotencyInProgressTimeoutMs: number;
  /** How long an Idempotency-Key and its stored answer are kept (then the key is free again and cleaned up). */
  idempotencyKeyTtlMs: number;
  /** Largest upload accepted (annual work report), in bytes. */
  maxUploadBytes: number;
  /** Failed password attempts per minute per account (user name or user id), whichever client sends them. */
  loginAttemptsPerMinute: number;
  /** Failed password attempts per minute per client IP, across every account (password spraying). */
  loginAttemptsPerIpPerMinute: number;
  /** Password hashes (argon2, 64 MiB each) computed at once by one process; more wait up to passwordHashWaitMs. */
  passwordHashConcurrency: number;
  /** How long a password check may wait for a hashing slot before the request is refused with 503 and Retry-After. */
  passwordHashWaitMs: number;
  /** How long opening a PostgreSQL connection may take before the request fails (503, retryable). */
  databaseConnectTimeoutMs: number;
  /** Longest SQL statement of the application (0: no limit); a slower one is cancelled. */
  databaseStatementTimeoutMs: number;
  /** Requests per minute per client IP and route (offices share one address: generous). */
  requestsPerMinute: number;
  /**
   * Keep the actors of known sessions per API process (CredentialCache), dropped by NOTIFY on any change. Off by
   * default: a change made straight in the database (not through the API) is then refused only once its notice
   * arrives, not at the very next request.
   */
  credentialCache: boolean;
  /** Notice delivery: first retry delay, its cap, and attempts before a delivery is marked failed. */
  noticeRetryBaseMs: number;
  noticeRetryMaxMs: number;
  noticeRetryMaxAttempts: number;
  /** How long a webhook receiver may take to answer. */
  webhookTimeoutMs: number;
  /** Deliveries one worker makes at once. */
  noticeConcurrency: number;
  /** Whether the worker schedules the sweep itself (off: tests and the demo run it on their simulated clock). */
  sweepScheduler: boolean;
  /** From this local month (1–12) on, a missing or provisional calendar of the coming year is reported to coordinators. */
  calendarWarningFromMonth: number;
  /** Inbox deliveries one statement claims, judges and records (one job wakes a batch; 5,000 rows lock for a fraction of a second). */
  noticeInboxBatch: number;
  /** DingTalk custom robots' send URL (government DingTalk / 浙政钉 deployments have their own). */
  dingtalkBaseUrl: string;
  /** WeCom group robots' send URL. */
  wecomBaseUrl: string;
  /** Messages one work-chat robot accepts per minute (DingTalk and WeCom: 20); more wait for the next window. */
  robotMessagesPerMinute: number;
  /** The length of that window (tests shorten it). */
  robotWindowMs: number;
  /** Where people open the console (links in work-chat messages). */
  consoleBaseUrl: string;
  /** Local time 'HH:mm' of the coordinators' daily digest of submitted self-assessments. */
  handoffDigestTime: string;
  /**
   * From this many subdistricts in a year on, the whole-set overview's grand totals are summed at most once per
   * overviewTotalsMaxAgeSeconds per API process (served meanwhile from the last sum); below, every request sums.
   */
  overviewTotalsCacheFrom: number;
  /** How old those kept totals may grow before a request re-sums them in the background (it is served the old ones). */
  overviewTotalsMaxAgeSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      'Invalid configuration:\n' + problems.map((p) => `  ${p.variable}: ${p.reason}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const problems: { variable: string; reason: string }[] = [];
  const fail = (variable: string, reason: string) => problems.push({ variable, reason });
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const url = (name: string, protocols: string[]) => {
    const v = str(name);
    if (v === undefined) return undefined;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) fail(name, `must start with ${protocols.map((p) => p + '//').join(' or ')}, got "${u.protocol}"`);
    } catch {
      fail(name, `is not a valid URL: "${redact(v)}"`);
    }
    return v;
  };
  const int = (name: string, def: number, min: number, max: number) => {
    const v = str(name);
    if (v === undefined) return def;
    if (!/^\d+$/.test(v)) {
      fail(name, `must be a whole number, got "${v}"`);
      return def;
    }
    const n = Number(v);
    if (n < min || n > max) fail(name, `must be between ${min} and ${max}, got ${n}`);
    return n;
  };

  const onOff = (name: string, def: boolean) => {
    const v = str(name);
    if (v === undefined) return def;
    if (v !== 'on' && v !== 'off') fail(name, `must be "on" or "off", got "${v}"`);
    return v === 'on';
  };

  const clockTime = (name: string, fallback: string): string => {
    const v = str(name) ?? fallback;
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(v)) fail(name, `must be a local time HH:mm, got "${v}"`);
    return v;
  };

  const timeZone = str('TIME_ZONE') ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone }).format(0);
  } catch {
    fail('TIME_ZONE', `is not an IANA time zone: "${timeZone}"`);
  }
  const logLevel = (str('LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) fail('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const queuePrefix = str('QUEUE_PREFIX') ?? 'sa';
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(queuePrefix)) fail('QUEUE_PREFIX', 'must be 1-32 letters, digits, "_" or "-"');
  const jwtSecret = str('JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) fail('JWT_SECRET', 'must be at least 32 characters');

  const port = int('PORT', 3000, 0, 65535);
  const config: AppConfig = {
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseOwnerUrl: url('DATABASE_OWNER_URL', ['postgres:', 'postgresql:']),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    port,
    timeZone,
    queuePrefix,
    logLevel,
    dataDir: path.resolve(cwd, str('DATA_DIR') ?? '.data'),
    configDir: path.resolve(cwd, str('CONFIG_DIR') ?? 'config'),
    sweepEveryMs: int('SWEEP_EVERY_MS', 60_000, 100, 86_400_000),
    embeddedPgPort: int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    jwtSecret,
    accessTokenTtlSeconds: int('ACCESS_TOKEN_TTL_SECONDS', 900, 10, 86_400),
    refreshTokenTtlSeconds: int('REFRESH_TOKEN_TTL_SECONDS', 14 * 86_400, 60, 365 * 86_400),
    webhookSecret: str('WEBHOOK_SECRET'),
    smtpUrl: url('SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: str('MAIL_FROM') ?? 'assessment@localhost',
    idempotencyInProgressTimeoutMs: int('IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS', 120_000, 1_000, 86_400_000),
    idempotencyKeyTtlMs: int('IDEMPOTENCY_KEY_TTL_MS', 86_400_000, 60_000, 365 * 86_400_000),
    maxUploadBytes: int('MAX_UPLOAD_BYTES', 20 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    loginAttemptsPerMinute: int('LOGIN_ATTEMPTS_PER_MINUTE', 5, 1, 10_000),
    loginAttemptsPerIpPerMinute: int('LOGIN_ATTEMPTS_PER_IP_PER_MINUTE', 30, 1, 100_000),
    passwordHashConcurrency: int('PASSWORD_HASH_CONCURRENCY', 2, 1, 256),
    passwordHashWaitMs: int('PASSWORD_HASH_WAIT_MS', 2_000, 0, 60_000),
    databaseConnectTimeoutMs: int('DATABASE_CONNECT_TIMEOUT_MS', 5_000, 100, 600_000),
    databaseStatementTimeoutMs: int('DATABASE_STATEMENT_TIMEOUT_MS', 60_000, 0, 86_400_000),
    requestsPerMinute: int('REQUESTS_PER_MINUTE', 3000, 1, 100_000_000),
    credentialCache: onOff('CREDENTIAL_CACHE', false),
    noticeRetryBaseMs: int('NOTICE_RETRY_BASE_MS', 60_000, 1, 86_400_000),
    noticeRetryMaxMs: int('NOTICE_RETRY_MAX_MS', 3_600_000, 1, 7 * 86_400_000),
    noticeRetryMaxAttempts: int('NOTICE_RETRY_MAX_ATTEMPTS', 10, 1, 1000),
    webhookTimeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 600_000),
    noticeConcurrency: int('NOTICE_CONCURRENCY', 8, 1, 1000),
    sweepScheduler: onOff('SWEEP_SCHEDULER', true),
    calendarWarningFromMonth: int('CALENDAR_WARNING_FROM_MONTH', 10, 1, 12),
    noticeInboxBatch: int('NOTICE_INBOX_BATCH', 5000, 1, 100_000),
    dingtalkBaseUrl: url('DINGTALK_BASE_URL', ['https:', 'http:']) ?? 'https://oapi.dingtalk.com/robot/send',
    wecomBaseUrl: url('WECOM_BASE_URL', ['https:', 'http:']) ?? 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
    robotMessagesPerMinute: int('ROBOT_MESSAGES_PER_MINUTE', 20, 1, 10_000),
    robotWindowMs: int('ROBOT_WINDOW_MS', 60_000, 100, 3_600_000),
    consoleBaseUrl: url('CONSOLE_BASE_URL', ['https:', 'http:']) ?? `http://localhost:${port}/console/`,
    handoffDigestTime: clockTime('HANDOFF_DIGEST_TIME', '17:00'),
    overviewTotalsCacheFrom: int('OVERVIEW_TOTALS_CACHE_FROM', 1000, 1, 100_000_000),
    overviewTotalsMaxAgeSeconds: int('OVERVIEW_TOTALS_MAX_AGE', 60, 1, 86_400),
  };
  if (config.databaseOwnerUrl && !config.databaseUrl) {
    fail('DATABASE_OWNER_URL', 'needs DATABASE_URL (the runtime connection) as well; the embedded database sets up its roles itself');
  }
  if (config.databaseOwnerUrl && config.databaseUrl && !safeUser(config.databaseUrl)) {
    fail('DATABASE_URL', 'must name its user (the runtime role granted by DATABASE_OWNER_URL)');
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function safeUser(value: string): string {
  try {
    return decodeURIComponent(new URL(value).username);
  } catch {
    return '';
  }
}

/** Hide credentials of a URL before it reaches a message or a log. */
export function redact(value: string): string {
  return value.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
