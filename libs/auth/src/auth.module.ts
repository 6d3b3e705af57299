import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { AccessTokenService, JWT_SECRET } from './access-token.service';
import { ApiTokenService } from './api-token.service';
import { AuthService } from './auth.service';
import { CredentialCache } from './credential-cache';
import { AUTH_CLOCK, wallClock } from './clock';
import { resolveJwtSecret } from './jwt-secret';

/** Credentials: passwords, sessions, access and refresh tokens, API tokens. Needs the PlatformModule. */
@Global()
@Module({
  imports: [JwtModule.register({})],
  providers: [
    { provide: AUTH_CLOCK, useValue: wallClock },
    {
      provide: JWT_SECRET,
      inject: [DataSource, APP_CONFIG],
      useFactory: (db: DataSource, config: AppConfig) => resolveJwtSecret(db, config.jwtSecret),
    },
    AccessTokenService,
    AuthService,
    ApiTokenService,
    CredentialCache,
  ],
  exports: [AccessTokenService, AuthService, ApiTokenService, CredentialCache, AUTH_CLOCK],
})
export class AuthModule {}
