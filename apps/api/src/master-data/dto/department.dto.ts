import { ApiProperty, ApiPropertyOptional, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { DEPARTMENT_KINDS } from '@app/master-data';
import type { DepartmentKind } from '@app/master-data';
import { DeliveryDto, NameField, Optional, VersionDto } from './fields';

export class CreateDepartmentDto extends DeliveryDto {
  @NameField('定海区公安分局')
  name: string;

  @ApiProperty({ enum: DEPARTMENT_KINDS, example: 'dispatching', description: 'dispatching 派出部门 or hr 组织人事部门' })
  @IsIn(DEPARTMENT_KINDS)
  kind: DepartmentKind;
}

export class UpdateDepartmentDto extends IntersectionType(PartialType(CreateDepartmentDto, { skipNullProperties: false }), VersionDto) {}

export class DepartmentQuery {
  @ApiPropertyOptional({ enum: DEPARTMENT_KINDS })
  @Optional()
  @IsIn(DEPARTMENT_KINDS)
  kind?: DepartmentKind;
}
