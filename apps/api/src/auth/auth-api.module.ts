import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { AuthController, PasswordController } from './auth.controller';
import { RateLimitModule } from './throttling';

/** The HTTP face of authentication: login, refresh, logout, API tokens, passwords. */
@Module({
  imports: [AuthModule, RateLimitModule],
  controllers: [AuthController, PasswordController],
})
export class AuthApiModule {}
