import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AuthModule } from '@app/auth';
import { loggerModule, PlatformModule, Runtime } from '@app/platform';
import { AccessGuard } from './access/access.guard';
import { ActorResolver } from './access/actor-resolver';
import { ErrorFilter } from './http/error.filter';
import { IdempotencyInterceptor } from './http/idempotency.interceptor';
import { HealthController } from './health/health.controller';
import { AuthApiModule } from './auth/auth-api.module';
import { RateLimitModule, throttlerOptions } from './auth/throttling';
import { RATE_LIMIT_STORE } from './auth/rate-limit-store';
import type { RateLimitStore } from './auth/rate-limit-store';
import { FEATURE_MODULES } from './features';

@Module({})
export class ApiModule {
  static forRuntime(runtime: Runtime, { ownsRuntime = false, imports = [] as (Type | DynamicModule)[] } = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        PlatformModule.forRuntime(runtime, { ownsRuntime }),
        loggerModule(runtime.config.logLevel),
        CqrsModule.forRoot(),
        RateLimitModule,
        ThrottlerModule.forRootAsync({
          imports: [RateLimitModule],
          inject: [RATE_LIMIT_STORE],
          useFactory: (store: RateLimitStore) => throttlerOptions(runtime.config, store),
        }),
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
