import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';

/**
 * The auth routes answer with credentials (tokens) or take passwords. The idempotency interceptor stores answers
 * to replay them, which must never happen to a credential, and a replayed refresh would dodge reuse detection.
 * So these routes ignore `Idempotency-Key` (guards run before interceptors).
 */
@Injectable()
export class NoStoredCredentials implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    delete ctx.switchToHttp().getRequest().headers['idempotency-key'];
    return true;
  }
}
