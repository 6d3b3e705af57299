import { Body, Controller, Get, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { UserDto } from './dto/responses';
import { AuthService } from '@app/auth';
import { UserService } from '@app/master-data';
import type { Actor } from '@app/platform';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { CreateUserDto, UpdateUserDto, UserQuery } from './dto/user.dto';
import { MasterDataErrors, UuidParam } from './master-data-errors.interceptor';

@ApiTags('master data')
@ApiBearerAuth()
@UseInterceptors(MasterDataErrors)
@Controller('subdistricts/:subdistrictId/users')
export class UsersController {
  constructor(private readonly users: UserService, private readonly auth: AuthService) {}

  @Get()
  @ApiPath('subdistrictId')
  @ApiErrors(404)
  @Returns([UserDto])
  @Allow('users.manage')
  @ApiOperation({ summary: 'Users of the subdistrict, by display name; filter by role, stationId, active' })
  list(@UuidParam('subdistrictId') subdistrictId: string, @Query() query: UserQuery) {
    return this.users.list(subdistrictId, query);
  }

  @Post()
  @ApiPath('subdistrictId')
  @ApiErrors(404, 409, 422)
  @Returns(UserDto, 201)
  @Allow('users.manage')
  @ApiOperation({ summary: 'Add a user (no password here: see authentication)' })
  create(@UuidParam('subdistrictId') subdistrictId: string, @Body() dto: CreateUserDto, @CurrentActor() actor: Actor) {
    return this.users.create(subdistrictId, dto, actor);
  }

  @Patch(':userId')
  @ApiPath('subdistrictId', 'userId')
  @ApiErrors(404, 409, 422)
  @Returns(UserDto)
  @Allow('users.manage')
  @ApiOperation({ summary: 'Change a user’s name, role, station or active flag (send the version read)' })
  async update(
    @UuidParam('subdistrictId') subdistrictId: string,
    @UuidParam('userId') id: string,
    @Body() dto: UpdateUserDto,
    @CurrentActor() actor: Actor,
  ) {
    const { version, ...changes } = dto;
    const updated = await this.users.update(subdistrictId, id, version, changes, actor);
    // a disabled account, or one whose role or station changed, keeps no session: its refresh tokens stop working
    // too, also after it is enabled again
    if (changes.active === false || changes.role !== undefined || changes.stationId !== undefined) {
      await this.auth.revokeAllSessions(id, changes.active === false ? 'account disabled' : 'role or station changed');
    }
    return updated;
  }
}
