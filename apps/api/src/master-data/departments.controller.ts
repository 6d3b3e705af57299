import { Body, Controller, Get, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { DepartmentDto } from './dto/responses';
import { DepartmentService } from '@app/master-data';
import type { Actor } from '@app/platform';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { CreateDepartmentDto, DepartmentQuery, UpdateDepartmentDto } from './dto/department.dto';
import { MasterDataErrors, UuidParam } from './master-data-errors.interceptor';

@ApiTags('master data')
@ApiBearerAuth()
@UseInterceptors(MasterDataErrors)
@Controller('subdistricts/:subdistrictId/departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentService) {}

  @Get()
  @ApiPath('subdistrictId')
  @ApiErrors(404)
  @Returns([DepartmentDto])
  @Allow('masterdata.read')
  @ApiOperation({ summary: 'Departments of the subdistrict (派出部门 and 组织人事部门), by name' })
  list(@UuidParam('subdistrictId') subdistrictId: string, @Query() query: DepartmentQuery) {
    return this.departments.list(subdistrictId, query);
  }

  @Post()
  @ApiPath('subdistrictId')
  @ApiErrors(404, 409, 422)
  @Returns(DepartmentDto, 201)
  @Allow('masterdata.manage')
  @ApiOperation({ summary: 'Add a department' })
  create(@UuidParam('subdistrictId') subdistrictId: string, @Body() dto: CreateDepartmentDto, @CurrentActor() actor: Actor) {
    return this.departments.create(subdistrictId, dto, actor);
  }

  @Patch(':departmentId')
  @ApiPath('subdistrictId', 'departmentId')
  @ApiErrors(404, 409, 422)
  @Returns(DepartmentDto)
  @Allow('masterdata.manage')
  @ApiOperation({ summary: 'Change a department (send the version read)' })
  update(
    @UuidParam('subdistrictId') subdistrictId: string,
    @UuidParam('departmentId') id: string,
    @Body() dto: UpdateDepartmentDto,
    @CurrentActor() actor: Actor,
  ) {
    const { version, ...changes } = dto;
    return this.departments.update(subdistrictId, id, version, changes, actor);
  }
}
