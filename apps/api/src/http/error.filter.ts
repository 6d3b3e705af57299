import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { isQueueUnavailableError } from '@app/messaging';
import { isTransientDatabaseError, OptimisticLockError } from '@app/persistence';
import { logSafeError } from '@app/platform';
import { inChinese } from './error-messages.zh';

interface Mapped {
  status: number;
  body: { code: string; message: string; details: { field: string; reason: string }[]; [k: string]: unknown };
  /** Seconds for the `Retry-After` header (429, 503). */
  retryAfter?: number;
}

/** A passing fault (database restarting, connection lost, queue unreachable): the same request may succeed soon. */
const TEMPORARILY_UNAVAILABLE: Mapped = {
  status: 503,
  body: { code: 'TEMPORARILY_UNAVAILABLE', message: '服务暂时不可用，请稍后用同一请求重试', details: [], retryable: true },
  retryAfter: 2,
};

/** Domain error codes → HTTP status. Domain errors carry a `code`; everything else is a 500 with no internals. */
const STATUS_BY_CODE: Record<string, number> = {
  VALIDATION_FAILED: 400,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  STATE_CONFLICT: 409,
  VERSION_CONFLICT: 409,
  CONFLICT: 409,
  UNPROCESSABLE: 422,
  // hand-offs refused for what is missing (HandOffRefusedError): a month, a departure's reason, a reachable recipient
  MONTHS_MISSING: 409,
  DEPARTURES_UNEXPLAINED: 409,
  RECIPIENTS_UNREACHABLE: 409,
  TEMPORARILY_UNAVAILABLE: 503,
};

/** The error as HTTP status and body, the body's message and reasons in Chinese (see error-messages.zh.ts). */
export function mapError(error: unknown): Mapped {
  const mapped = mapErrorCode(error);
  const facts = (error as { facts?: Record<string, string> })?.facts ?? {};
  const inWords = { ...mapped, body: inChinese(mapped.body, facts) as Mapped['body'] };
  const retryAfter = (error as { retryAfterSeconds?: unknown })?.retryAfterSeconds;
  if (typeof retryAfter === 'number') return { ...inWords, retryAfter };
  return inWords.status === 503 && inWords.retryAfter === undefined ? { ...inWords, retryAfter: TEMPORARILY_UNAVAILABLE.retryAfter } : inWords;
}

function mapErrorCode(error: unknown): Mapped {
  if (isTransientDatabaseError(error) || isQueueUnavailableError(error)) return TEMPORARILY_UNAVAILABLE;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const res = error.getResponse();
    if (typeof res === 'object' && res && 'code' in res) return { status, body: { details: [], ...(res as any) } };
    const cause = (error as { cause?: any }).cause;
    // body-parser and Express errors, mapped by Nest's adapter: name the part of the request at fault, echo nothing of it
    if (cause instanceof SyntaxError && status === 400) {
      return { status, body: { code: 'INVALID_JSON', message: 'the request body is not valid JSON', details: [{ field: 'body', reason: 'is not valid JSON' }] } };
    }
    if (cause instanceof URIError && status === 400) {
      return { status, body: { code: 'BAD_REQUEST', message: 'the URL has a malformed percent-encoding', details: [{ field: 'path', reason: 'malformed percent-encoding' }] } };
    }
    const message = typeof res === 'string' ? res : ((res as any)?.message ?? error.message);
    const code = status === 413 ? 'PAYLOAD_TOO_LARGE' : status === 429 ? 'TOO_MANY_REQUESTS' : status === 404 ? 'NOT_FOUND'
      : status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : status === 400 ? 'BAD_REQUEST' : `HTTP_${status}`;
    return { status, body: { code, message: Array.isArray(message) ? message.join('; ') : String(message), details: [] } };
  }
  // a value PostgreSQL cannot take (malformed id, number out of range) that slipped past validation is still the
  // caller's input, not a server fault
  const driverCode = (error as { driverError?: { code?: string } })?.driverError?.code;
  if (driverCode === '22P02' || driverCode === '22003' || driverCode === '22008') {
    return { status: 400, body: { code: 'VALIDATION_FAILED', message: 'a value in the request is not valid', details: [] } };
  }
  if (error instanceof OptimisticLockError) {
    return { status: 409, body: { code: 'VERSION_CONFLICT', message: error.message, details: [], retryable: true } };
  }
  const e = error as Record<string, any>;
  if (e && typeof e.code === 'string' && STATUS_BY_CODE[e.code]) {
    const details = e.details ?? (e.field ? [{ field: e.field, reason: e.reason ?? e.message }] : []);
    // a refused transition names the current state and what is allowed there; a version clash says "retry"
    const extra = Object.fromEntries(['state', 'event', 'allowed', 'retryable'].filter((k) => e[k] !== undefined).map((k) => [k, e[k]]));
    return { status: STATUS_BY_CODE[e.code], body: { ...extra, code: e.code, message: e.message ?? e.code, details } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: 'internal error', details: [] } };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const { status, body, retryAfter } = mapError(error);
    // no logger is bound to each request (see loggerModule): the line names its request
    const req = () => {
      const r = host.switchToHttp().getRequest();
      return { method: r?.method, url: r?.originalUrl ?? r?.url, remoteAddress: r?.ip };
    };
    if (status === 503) this.logger.warn({ err: logSafeError(error), req: req() }, 'request refused for now (retryable)');
    else if (status >= 500) { this.logger.error({ err: logSafeError(error), req: req() }, 'request failed'); if (process.env.DEBUG_ERRORS) console.error(error); }
    const res = host.switchToHttp().getResponse();
    if (res.headersSent) return;
    if (retryAfter !== undefined) res.setHeader('Retry-After', String(retryAfter));
    res.status(status).json(body);
  }
}
