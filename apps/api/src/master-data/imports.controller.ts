import { Controller, Get, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { IdempotencyAfterUpload } from '../http/idempotency.interceptor';
import { ApiBody, ApiConsumes, ApiOperation, ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { XLSX_MIME as XLSX } from '@app/reporting';
import { ImportResultDto } from './dto/responses';
import { ImportService, importTemplate } from '@app/master-data';
import type { Actor } from '@app/platform';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { ApiError } from '../http/api-error';
import { sendDownload } from '../http/download';
import { MasterDataErrors, UuidParam } from './master-data-errors.interceptor';

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const upload = FileInterceptor('file', { limits: { fileSize: MAX_FILE_BYTES, files: 1 } });
const FILE_BODY = {
  schema: {
    type: 'object',
    required: ['file'],
    properties: { file: { type: 'string', format: 'binary', description: '.xlsx (first sheet) or UTF-8 .csv; header in row 1' } },
  },
};

/** The part of multer's file object used here (memory storage). */
interface UploadedBytes {
  buffer?: Buffer;
}

const DRY_RUN = ApiQuery({ name: 'dryRun', required: false, type: Boolean, description: 'true: answer what would be created, updated and left unchanged, change nothing' });
const isTrue = (v?: string) => v === 'true' || v === '1';
const KEYS = 'A row whose key exists updates that record; every problem of the file is named at once (400 IMPORT_FAILED, details "row N: 列名"); all rows or none.';

function bytesOf(file: UploadedBytes | undefined): Buffer {
  if (!file?.buffer?.length) throw ApiError.badRequest('file', 'a non-empty file is required (multipart field "file")');
  return file.buffer;
}

@ApiTags('master data')
@ApiBearerAuth()
@UseInterceptors(MasterDataErrors)
@Controller('subdistricts/:subdistrictId/imports')
export class ImportsController {
  constructor(private readonly imports: ImportService) {}

  @Post('stations')
  @ApiPath('subdistrictId')
  @ApiErrors(404, 409, 413, 422)
  @Returns(ImportResultDto, 201)
  @Allow('masterdata.manage')
  @UseInterceptors(upload, IdempotencyAfterUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOperation({
    summary: 'Import stations: 站所名称, 类型 (独立派驻/按区域设置派驻), 派出部门, 负责人, 编制人数, 纳入四个平台 (是/否) — or name, kind, department, head, headcount, fourPlatforms',
    description: `Key: 站所名称. ${KEYS}`,
  })
  @DRY_RUN
  stations(
    @UuidParam('subdistrictId') subdistrictId: string, @UploadedFile() file: UploadedBytes | undefined, @CurrentActor() actor: Actor,
    @Query('dryRun') dryRun?: string,
  ) {
    return this.imports.stations(subdistrictId, bytesOf(file), actor, isTrue(dryRun));
  }

  @Post('staff')
  @ApiPath('subdistrictId')
  @ApiErrors(404, 409, 413, 422)
  @Returns(ImportResultDto, 201)
  @Allow('masterdata.manage')
  @UseInterceptors(upload, IdempotencyAfterUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody(FILE_BODY)
  @ApiOperation({
    summary: 'Import staff: 姓名, 职务, 所属站所, 是否负责人 (是/否) — or name, position, station, isHead',
    description: `Key: 所属站所 + 姓名. ${KEYS}`,
  })
  @DRY_RUN
  staff(
    @UuidParam('subdistrictId') subdistrictId: string, @UploadedFile() file: UploadedBytes | undefined, @CurrentActor() actor: Actor,
    @Query('dryRun') dryRun?: string,
  ) {
    return this.imports.staff(subdistrictId, bytesOf(file), actor, isTrue(dryRun));
  }

  @Get('templates/:kind')
  @Allow('masterdata.manage')
  @ApiOperation({ summary: 'The import template (导入模板) as XLSX: the Chinese headers and one example row' })
  @ApiPath('subdistrictId', 'kind')
  @Returns({ file: [XLSX] })
  @ApiErrors(404)
  async template(@UuidParam('subdistrictId') _subdistrictId: string, @Param('kind') kind: string, @Res() res: any) {
    if (kind !== 'stations' && kind !== 'staff') throw ApiError.notFound(`import template ${kind}`);
    sendDownload(res, { ...(await importTemplate(kind)), mime: XLSX });
  }
}
