import { Body, Controller, Get, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { StationDto } from './dto/responses';
import { StationService } from '@app/master-data';
import type { Actor } from '@app/platform';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { CreateStationDto, StationQuery, UpdateStationDto } from './dto/station.dto';
import { MasterDataErrors, UuidParam } from './master-data-errors.interceptor';

@ApiTags('master data')
@ApiBearerAuth()
@UseInterceptors(MasterDataErrors)
@Controller('subdistricts/:subdistrictId/stations')
export class StationsController {
  constructor(private readonly stations: StationService) {}

  @Get()
  @ApiPath('subdistrictId')
  @ApiErrors(404)
  @Returns([StationDto])
  @Allow('masterdata.read')
  @ApiOperation({ summary: 'Stations (派驻机构) of the subdistrict, by name; filter by kind, departmentId, active' })
  list(@UuidParam('subdistrictId') subdistrictId: string, @Query() query: StationQuery) {
    return this.stations.list(subdistrictId, query);
  }

  @Get(':stationId')
  @ApiPath('subdistrictId', 'stationId')
  @ApiErrors(404)
  @Returns(StationDto)
  @Allow('masterdata.read')
  @ApiOperation({ summary: 'One station with its staff' })
  get(@UuidParam('subdistrictId') subdistrictId: string, @UuidParam('stationId') id: string) {
    return this.stations.get(subdistrictId, id);
  }

  @Post()
  @ApiPath('subdistrictId')
  @ApiErrors(404, 409, 422)
  @Returns(StationDto, 201)
  @Allow('masterdata.manage')
  @ApiOperation({ summary: 'Add a station; its department must be a dispatching department of the subdistrict' })
  create(@UuidParam('subdistrictId') subdistrictId: string, @Body() dto: CreateStationDto, @CurrentActor() actor: Actor) {
    return this.stations.create(subdistrictId, dto, actor);
  }

  @Patch(':stationId')
  @ApiPath('subdistrictId', 'stationId')
  @ApiErrors(404, 409, 422)
  @Returns(StationDto)
  @Allow('masterdata.manage')
  @ApiOperation({ summary: 'Change a station (send the version read); active=false retires it' })
  update(
    @UuidParam('subdistrictId') subdistrictId: string,
    @UuidParam('stationId') id: string,
    @Body() dto: UpdateStationDto,
    @CurrentActor() actor: Actor,
  ) {
    const { version, ...changes } = dto;
    return this.stations.update(subdistrictId, id, version, changes, actor);
  }
}
