import { SetMetadata } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { ThrottlerModuleOptions } from '@nestjs/throttler';
import type { AppConfig } from '@app/config';

const PASSWORD_ATTEMPTS = 'auth:password-attempts';

/** Marks a route that checks a password: it gets the strict `login` limit, per client IP and account. */
export const PasswordAttempts = () => SetMetadata(PASSWORD_ATTEMPTS, true);


const isPasswordRoute = (ctx: ExecutionContext) => Reflect.getMetadata(PASSWORD_ATTEMPTS, ctx.getHandler()) === true;

/** The account a password attempt is for: the login's username or the route's :userId. */
function account(req: { body?: any; params?: Record<string, string> }): string {
  const raw = req.body?.username ?? req.params?.userId ?? '';
  return String(raw).trim().toLowerCase().slice(0, 200);
}

/**
 * Two limits, checked by the global ThrottlerGuard before the AccessGuard: `default` on every route, `login` only
 * on routes marked with @PasswordAttempts(). Counters live in memory, per process: behind N API processes a
 * client gets up to N times the limit (move them to a shared store when that matters). Refusals are 429 with
 * the standard error body (code TOO_MANY_REQUESTS) and a Retry-After header.
 */
export function throttlerOptions(config: Pick<AppConfig, 'loginAttemptsPerMinute' | 'requestsPerMinute'>): ThrottlerModuleOptions {
  return {
    errorMessage: 'too many requests: try again later',
    throttlers: [
      { name: 'default', ttl: 60_000, limit: config.requestsPerMinute },
      {
        name: 'login',
        ttl: 60_000,
        limit: config.loginAttemptsPerMinute,
        skipIf: (ctx) => !isPasswordRoute(ctx),
        getTracker: (req) => `${req.ip}|${account(req)}`,
      },
    ],
  };
}
