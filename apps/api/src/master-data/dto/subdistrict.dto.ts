import { ApiProperty, IntersectionType, PartialType } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { NameField, VersionDto } from './fields';

export class CreateSubdistrictDto {
  @NameField('城东街道')
  name: string;

  @ApiProperty({ example: '城东', description: 'short name used in notice numbers (城东考〔2026〕3号)', maxLength: 10 })
  @IsString()
  @Length(1, 10)
  @Matches(/^\S+$/, { message: 'abbr must not contain spaces' })
  abbr: string;
}

export class UpdateSubdistrictDto extends IntersectionType(PartialType(CreateSubdistrictDto, { skipNullProperties: false }), VersionDto) {}
