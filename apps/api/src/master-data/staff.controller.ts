import { Body, Controller, Get, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { StaffDto } from './dto/responses';
import { StaffService } from '@app/master-data';
import type { Actor } from '@app/platform';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { CreateStaffDto, StaffQuery, UpdateStaffDto } from './dto/staff.dto';
import { MasterDataErrors, UuidParam } from './master-data-errors.interceptor';

@ApiTags('master data')
@ApiBearerAuth()
@UseInterceptors(MasterDataErrors)
@Controller('subdistricts/:subdistrictId/staff')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiPath('subdistrictId')
  @ApiErrors(404)
  @Returns([StaffDto])
  @Allow('masterdata.read')
  @ApiOperation({ summary: 'Staff (工作人员) of the subdistrict’s stations, by name; filter by stationId, active' })
  list(@UuidParam('subdistrictId') subdistrictId: string, @Query() query: StaffQuery) {
    return this.staff.list(subdistrictId, query);
  }

  @Post()
  @ApiPath('subdistrictId')
  @ApiErrors(404, 409, 422)
  @Returns(StaffDto, 201)
  @Allow('masterdata.manage')
  @ApiOperation({ summary: 'Add a staff member to a station' })
  create(@UuidParam('subdistrictId') subdistrictId: string, @Body() dto: CreateStaffDto, @CurrentActor() actor: Actor) {
    return this.staff.create(subdistrictId, dto, actor);
  }

  @Patch(':staffId')
  @ApiPath('subdistrictId', 'staffId')
  @ApiErrors(404, 409, 422)
  @Returns(StaffDto)
  @Allow('masterdata.manage')
  @ApiOperation({ summary: 'Change a staff member (send the version read); active=false retires them' })
  update(
    @UuidParam('subdistrictId') subdistrictId: string,
    @UuidParam('staffId') id: string,
    @Body() dto: UpdateStaffDto,
    @CurrentActor() actor: Actor,
  ) {
    const { version, ...changes } = dto;
    return this.staff.update(subdistrictId, id, version, changes, actor);
  }
}
