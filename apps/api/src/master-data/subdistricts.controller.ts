import { Body, Controller, Get, Patch, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { SubdistrictDto } from './dto/responses';
import { SubdistrictService } from '@app/master-data';
import type { Actor } from '@app/platform';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { CreateSubdistrictDto, UpdateSubdistrictDto } from './dto/subdistrict.dto';
import { MasterDataErrors, UuidParam } from './master-data-errors.interceptor';

@ApiTags('master data')
@ApiBearerAuth()
@UseInterceptors(MasterDataErrors)
@Controller('subdistricts')
export class SubdistrictsController {
  constructor(private readonly subdistricts: SubdistrictService) {}

  @Post()
  @ApiErrors(409, 422)
  @Returns(SubdistrictDto, 201)
  @Allow('subdistricts.manage')
  @ApiOperation({ summary: 'Create a subdistrict (街道); deployment-wide admins only' })
  create(@Body() dto: CreateSubdistrictDto, @CurrentActor() actor: Actor) {
    return this.subdistricts.create(dto, actor);
  }

  @Get()
  @ApiErrors()
  @Returns([SubdistrictDto])
  @Allow('subdistricts.manage')
  @ApiOperation({ summary: 'Subdistricts the caller may see, by name' })
  list(@CurrentActor() actor: Actor) {
    return this.subdistricts.list(actor);
  }

  @Get(':subdistrictId')
  @ApiPath('subdistrictId')
  @ApiErrors(404)
  @Returns(SubdistrictDto)
  @Allow('masterdata.read')
  @ApiOperation({ summary: 'One subdistrict' })
  get(@UuidParam('subdistrictId') id: string) {
    return this.subdistricts.get(id);
  }

  @Patch(':subdistrictId')
  @ApiPath('subdistrictId')
  @ApiErrors(404, 409, 422)
  @Returns(SubdistrictDto)
  @Allow('subdistricts.manage')
  @ApiOperation({ summary: 'Rename a subdistrict or change its abbreviation (send the version read)' })
  update(@UuidParam('subdistrictId') id: string, @Body() dto: UpdateSubdistrictDto, @CurrentActor() actor: Actor) {
    const { version, ...changes } = dto;
    return this.subdistricts.update(id, version, changes, actor);
  }
}
