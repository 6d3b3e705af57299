import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, Min, ValidateIf,
} from 'class-validator';
import { CHANNELS } from '@app/master-data';

/** May be left out, but when given must be valid (null refused). PATCH DTOs get the same via PartialType. */
export const Optional = () => ValidateIf((_o, v) => v !== undefined);

/** `?active=true|false` in a query string. */
export const QueryBoolean = (description: string) => applyDecorators(
  ApiPropertyOptional({ type: Boolean, description }),
  Optional(),
  Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)),
  IsBoolean(),
);

/** The version the client read: an update of a row changed since gets 409 VERSION_CONFLICT. */
export class VersionDto {
  @ApiProperty({ example: 1, description: 'version of the record as last read (optimistic concurrency)' })
  @IsInt()
  @Min(1)
  version: number;
}

/** How notices reach a department or station. Secrets are write-only: responses say only `hasWebhookSecret`. */
export class DeliveryDto {
  @ApiPropertyOptional({ enum: CHANNELS, isArray: true, example: ['inbox', 'email'], default: ['inbox'] })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  channels?: (typeof CHANNELS)[number][];

  @ApiPropertyOptional({ example: 'bangongshi@example.gov.cn', nullable: true, description: 'needed for the email channel' })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({ example: 'https://oa.example.gov.cn/hooks/notices', nullable: true, description: 'needed for the webhook channel' })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  webhookUrl?: string | null;

  @ApiPropertyOptional({ example: 'a-long-random-shared-secret', nullable: true, writeOnly: true, description: 'signs webhook calls; 16–200 characters' })
  @IsOptional()
  @IsString()
  @Length(16, 200)
  webhookSecret?: string | null;

  @ApiPropertyOptional({ nullable: true, writeOnly: true, description: 'DingTalk custom robot (钉钉自定义机器人): the access_token of its webhook URL; needed for the dingtalk channel' })
  @IsOptional()
  @IsString()
  @Length(8, 200)
  dingtalkToken?: string | null;

  @ApiPropertyOptional({ nullable: true, writeOnly: true, description: 'the robot’s signing secret (加签, starts with SEC), when it has one' })
  @IsOptional()
  @IsString()
  @Length(8, 200)
  dingtalkSecret?: string | null;

  @ApiPropertyOptional({ nullable: true, writeOnly: true, description: 'WeCom group robot (企业微信群机器人): the key of its webhook URL; needed for the wecom channel' })
  @IsOptional()
  @IsString()
  @Length(8, 200)
  wecomKey?: string | null;
}

export const NameField = (example: string, max = 100) => applyDecorators(
  ApiProperty({ example, maxLength: max }),
  IsString(),
  Length(1, max),
);
