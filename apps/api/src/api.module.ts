import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from '@app/auth';
import { PlatformModule, Runtime } from '@app/platform';
import { AccessGuard } from './access/access.guard';
import { ActorResolver } from './access/actor-resolver';
import { ErrorFilter } from './http/error.filter';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { HealthController } from './health/health.controller';
import { AuthApiModule } from './auth/auth-api.module';
import { throttlerOptions } from './auth/throttling';
import { FEATURE_MODULES } from './features';

/** Log lines never carry credentials, tokens or passwords. */
export const REDACTED_PATHS = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]', 'req.body.password',
  'req.body.refreshToken', 'res.headers["set-cookie"]',
  'req.body.oldPassword', 'req.body.newPassword', 'req.body.accessToken', 'req.body.token',
  'res.body.accessToken', 'res.body.refreshToken', 'res.body.token',
];

export function loggerModule(level: string) {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      autoLogging: level === 'debug' || level === 'trace',
      quietReqLogger: true,
    },
  });
}

@Module({})
export class ApiModule {
  static forRuntime(runtime: Runtime, { ownsRuntime = false, imports = [] as (Type | DynamicModule)[] } = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRuntime(runtime, { ownsRuntime }),
        loggerModule(runtime.config.logLevel),
        CqrsModule.forRoot(),
        ThrottlerModule.forRoot(throttlerOptions(runtime.config)),
        AuthModule,
        AuthApiModule,
        ...FEATURE_MODULES,
        ...imports,
      ],
      controllers: [HealthController],
      providers: [
        ActorResolver,
        // rate limits first (429 before any token is checked), then who is calling and what they may do
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
      ],
      exports: [ActorResolver],
    };
  }
}
