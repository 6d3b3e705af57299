import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Actor } from '@app/platform';
import { Permission } from './permissions';

export const PERMISSION_KEY = 'permission';
export const PUBLIC_KEY = 'public';

/** The permission an endpoint needs (see permissions.ts). An endpoint without one is refused. */
export const Allow = (permission: Permission) => SetMetadata(PERMISSION_KEY, permission);
/** An endpoint anyone may call (health, login). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated actor, as resolved by the AccessGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest().actor;
});

/** How the actor authenticated ({kind: 'session', sessionId} or {kind: 'api-token', tokenId}). */
export const CurrentCredential = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  return ctx.switchToHttp().getRequest().credential;
});
