import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Req, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { ApiTokenDto, CreatedApiTokenDto, TokensDto, WhoAmIDto } from './auth.responses';
import { ApiTokenService, AuthError, AuthRequestError, AuthService } from '@app/auth';
import type { Actor } from '@app/platform';
import { ROLE_LABELS } from '@app/platform';
import { ApiError } from '../http/api-error';
import { exportKindsOf, permissionsOf } from '../access/permissions';
import { Allow, CurrentActor, CurrentCredential, Public } from '../access/allow.decorator';
import type { Credential } from '../access/actor-resolver';
import { CreateApiTokenDto, LoginDto, RefreshDto, SetPasswordDto } from './auth.dto';
import { NoStoredCredentials } from './credential-responses.guard';
import { PasswordAttemptLimiter } from './throttling';

/** AuthError (bad password, bad/expired/revoked token) → 401 with the standard error body. */
async function unauthorizedOnAuthError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (e) {
    if (e instanceof AuthError) throw ApiError.unauthorized(e.message);
    throw e;
  }
}

@ApiTags('auth')
@Controller('auth')
@UseGuards(NoStoredCredentials)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly apiTokens: ApiTokenService,
    private readonly attempts: PasswordAttemptLimiter,
  ) {}

  @Post('login')
  @ApiErrors(409, 422)
  @Returns(TokensDto)
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in with username and password: a short-lived access token and a single-use refresh token' })
  login(@Req() req: { ip?: string }, @Body() body: LoginDto) {
    const wrongPassword = (e: unknown) => e instanceof AuthError && e.reason === 'invalid_credentials';
    return unauthorizedOnAuthError(this.attempts.attempt(req.ip, String(body.username), () => this.auth.login(body.username, body.password), wrongPassword));
  }

  @Post('refresh')
  @ApiErrors(409, 422)
  @Returns(TokensDto)
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (rotation; reusing a spent token revokes the session)' })
  refresh(@Body() body: RefreshDto) {
    return unauthorizedOnAuthError(this.auth.refresh(body.refreshToken));
  }

  @Post('logout')
  @ApiErrors(409, 422)
  @Returns('none')
  @Allow('session.own')
  @HttpCode(204)
  @ApiOperation({ summary: 'End this session: its refresh token and access tokens stop working' })
  async logout(@CurrentActor() actor: Actor, @CurrentCredential() credential: Credential) {
    if (credential?.kind !== 'session') throw ApiError.badRequest('Authorization', 'an API token has no session: revoke it instead');
    await this.auth.logout(actor.userId, credential.sessionId);
  }

  @Get('me')
  @ApiErrors()
  @Returns(WhoAmIDto)
  @Allow('session.own')
  @ApiOperation({
    summary: 'Who the presented token acts as, with the permissions of its role (what the console may offer) and whether a new password is due',
  })
  async me(@CurrentActor() actor: Actor, @CurrentCredential() credential: Credential) {
    const profile = await this.auth.profile(actor.userId);
    return {
      ...actor,
      via: credential?.kind ?? null,
      displayName: profile?.displayName ?? actor.username,
      roleLabel: ROLE_LABELS[actor.role] ?? actor.role,
      mustChangePassword: profile?.mustChangePassword ?? false,
      permissions: permissionsOf(actor.role),
      exportKinds: exportKindsOf(actor.role),
    };
  }

  @Post('api-tokens')
  @ApiErrors(409, 422)
  @Returns(CreatedApiTokenDto, 201)
  @Allow('apitokens.manage')
  @ApiOperation({ summary: 'Create an API token for an integration (one role, one subdistrict); the token is shown only now' })
  createApiToken(@CurrentActor() actor: Actor, @Body() body: CreateApiTokenDto) {
    return this.apiTokens.create(actor, {
      name: body.name,
      role: body.role,
      subdistrictId: body.subdistrictId,
      stationId: body.stationId ?? null,
      expiresAt: body.expiresAt ? new Date(body.expiresAt) : null,
    });
  }

  @Get('api-tokens')
  @ApiErrors()
  @Returns([ApiTokenDto])
  @Allow('apitokens.manage')
  @ApiOperation({ summary: 'API tokens (never their secrets)' })
  listApiTokens(@CurrentActor() actor: Actor) {
    return this.apiTokens.list(actor);
  }

  @Delete('api-tokens/:id')
  @ApiPath('id')
  @ApiErrors(404, 409, 422)
  @Returns('none')
  @Allow('apitokens.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API token: it stops working at the next request' })
  async revokeApiToken(@CurrentActor() actor: Actor, @Param('id') id: string) {
    await this.apiTokens.revoke(actor, id);
  }
}

@ApiTags('auth')
@Controller('users')
@UseGuards(NoStoredCredentials)
export class PasswordController {
  constructor(private readonly auth: AuthService, private readonly attempts: PasswordAttemptLimiter) {}

  @Put(':userId/password')
  @ApiPath('userId')
  @ApiErrors(404, 409, 422)
  @Returns('none')
  @Allow('password.set')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Set a password: your own (with oldPassword; your other sessions end) or, as admin, another user’s (their sessions end)',
  })
  async setPassword(
    @Req() req: { ip?: string },
    @CurrentActor() actor: Actor,
    @CurrentCredential() credential: Credential,
    @Param('userId') userId: string,
    @Body() body: SetPasswordDto,
  ) {
    const sessionId = credential?.kind === 'session' ? credential.sessionId : undefined;
    const change = () => this.auth.setPassword(actor, userId, { newPassword: body.newPassword, oldPassword: body.oldPassword }, sessionId);
    // changing one's own password checks the old one: a wrong one counts like a failed login on that account
    if (actor.userId !== userId) return change();
    const wrongPassword = (e: unknown) => e instanceof AuthRequestError && e.field === 'oldPassword';
    await this.attempts.attempt(req.ip, `user:${userId}`, change, wrongPassword);
  }
}
