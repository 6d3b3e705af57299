import { LoggerModule } from 'nestjs-pino';
import { logSafeError } from './log-safe-error';

/** Log lines never carry credentials, tokens or passwords (nor, see logSafeError, what a failed query carried). */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.body.password',
  'req.body.refreshToken', 'res.headers["set-cookie"]',
  'req.body.oldPassword', 'req.body.newPassword', 'req.body.accessToken', 'req.body.token',
  'res.body.accessToken', 'res.body.refreshToken', 'res.body.token',
];

/** Structured JSON logs (pino) for the api and the worker alike. */
export function loggerModule(level: string) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      autoLogging: level === 'debug' || level === 'trace',
      quietReqLogger: true,
      // every `err` logged (HTTP errors, queue and worker failures) loses a failed query's parameters and row data
      serializers: { err: logSafeError },
    },
  });
}
