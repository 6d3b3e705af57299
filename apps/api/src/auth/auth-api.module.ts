import { Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import { AuthController, PasswordController } from './auth.controller';

/** The HTTP face of authentication: login, refresh, logout, API tokens, passwords. */
@Module({
  imports: [AuthModule],
  controllers: [AuthController, PasswordController],
})
export class AuthApiModule {}
