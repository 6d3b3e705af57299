import { LoggerModule } from 'nestjs-pino';
import { logSafeError } from './log-safe-error';

/** Log lines never carry credentials, tokens or passwords (nor, see logSafeError, what a failed query carried). */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.body.password',
  'req.body.refreshToken', 'res.headers["set-cookie"]',
  'req.body.oldPassword', 'req.body.newPassword', 'req.body.accessToken', 'req.body.token',
  'res.body.accessToken', 'res.body.refreshToken', 'res.body.token',
];

/**
 * Structured JSON logs (pino) for the api and the worker alike. Every request is logged (pino-http's middleware,
 * with a logger bound to the request) only at debug and trace levels; otherwise no per-request middleware runs —
 * it cost every request a child logger, response listeners and an AsyncLocalStorage context (~0.1 ms of CPU) for
 * the few lines written in a request, and those (the error filter's) name their request themselves (requestFields).
 */
export function loggerModule(level: string) {
  const perRequest = level === 'debug' || level === 'trace';
  return LoggerModule.forRoot({
    ...(perRequest ? {} : { forRoutes: [] }),
    pinoHttp: {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      autoLogging: perRequest,
      quietReqLogger: true,
      // every `err` logged (HTTP errors, queue and worker failures) loses a failed query's parameters and row data;
      // a request is bound to every request's logger when it arrives (pino-http), logged or not: the few fields that
      // identify it, not its headers and body (serialising and redacting those cost every request ~0.1 ms of CPU)
      serializers: { err: logSafeError, req: requestFields },
    },
  });
}

/** What a log line says of its request. */
function requestFields(req: { id?: unknown; method?: string; url?: string; remoteAddress?: string; raw?: { socket?: { remoteAddress?: string } } }) {
  return { id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress ?? req.raw?.socket?.remoteAddress };
}
