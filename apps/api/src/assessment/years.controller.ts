import { Body, Controller, Get, HttpCode, Param, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MONTH_DATA_HEADERS, monthDataOf, monthDataTemplate, parseMonthDataRows } from '@app/master-data';
import type { SpecialMonth } from '@app/policy';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { ApprovedDto, ComputedDto, MonthDataImportedDto, ObjectionAnsweredDto, ResultTableDto, WindowOpenedDto, YearDecisionDto, YearOpenedDto, YearStateDto, YearStatusDto, YearSummaryDto } from './responses';
import type { Actor } from '@app/platform';
import {
  AnswerObjectionCommand, ApproveResultsCommand, ComputeResultsCommand, ImportMonthsCommand, OpenWindowCommand, OpenYearCommand, ReleaseResultsCommand,
  ReturnResultsCommand, SubmitForApprovalCommand, WorkflowQueries,
} from '@app/assessment';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { AnswerObjectionDto, OpenYearDto, ReasonDto, ReturnDto } from './dto';
import { uuidOf, yearParam } from './params';
import { ApiError } from '../http/api-error';

const upload = FileInterceptor('file', { limits: { fileSize: 5 * 1024 * 1024, files: 1 } });

/** A subdistrict's assessment year: opening, the window, results, approval and release. */
@ApiTags('years')
@Controller('subdistricts/:subdistrictId/years')
export class YearsController {
  constructor(private readonly commands: CommandBus, private readonly queries: WorkflowQueries) {}

  @Post()
  @ApiPath('subdistrictId')
  @ApiErrors(404, 409, 422)
  @Returns(YearOpenedDto, 201)
  @Allow('year.open')
  @ApiOperation({ summary: 'Open an assessment year (binds the policy version and starts every station’s cycle)' })
  open(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Body() dto: OpenYearDto) {
    return this.commands.execute(new OpenYearCommand(actor, { subdistrictId, year: dto.year }, dto.policyVersion));
  }

  @Post(':year/imports/month-data')
  @HttpCode(200)
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404, 413)
  @Returns(MonthDataImportedDto)
  @Allow('records.special')
  @UseInterceptors(upload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: {
    file: { type: 'string', format: 'binary', description: '.xlsx (first sheet) or UTF-8 .csv with the template\'s Chinese headers (or the API field names)' },
    reason: { type: 'string', description: 'required when the file corrects months already recorded' },
  } } })
  @ApiOperation({
    summary: 'Import the four-platform monthly data (“四个平台”月度数据) of many stations from the platform system\'s export',
    description: 'All rows or none: every problem of the file is named at once (400, details "row N: 列名"). A (station, month) already recorded is replaced as a correction, which needs `reason`; each row is recorded as a MonthRecorded event.',
  })
  async importMonths(
    @CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number,
    @UploadedFile() file: { buffer?: Buffer } | undefined, @Body() body: Record<string, string> | undefined,
  ) {
    if (!file?.buffer?.length) throw ApiError.badRequest('file', '请上传文件（multipart 字段 file）');
    const parsed = await parseMonthDataRows(file.buffer);
    const rows = parsed.rows.map((r) => ({ row: r.row, station: r.station, month: r.month, data: monthDataOf(r) as unknown as SpecialMonth }));
    return this.commands.execute(new ImportMonthsCommand(actor, { subdistrictId, year }, rows, parsed.problems, body?.reason, MONTH_DATA_HEADERS));
  }

  @Get(':year/imports/month-data/template')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404)
  @Returns({ file: ['text/csv'] })
  @Allow('records.special')
  @ApiOperation({ summary: 'The template of the four-platform monthly data (CSV, UTF-8, Chinese headers, one example row)' })
  template(@Res() res: any) {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent('四个平台月度数据导入模板.csv')}`);
    res.end(monthDataTemplate());
  }

  @Get()
  @ApiPath('subdistrictId')
  @ApiErrors(404)
  @Returns([YearSummaryDto])
  @Allow('year.read')
  @ApiOperation({ summary: 'The subdistrict’s assessment years, newest first, with their states' })
  list(@Param('subdistrictId') subdistrictId: string) {
    return this.queries.years(subdistrictId);
  }

  @Get(':year')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404)
  @Returns(YearStatusDto)
  @Allow('year.read')
  @ApiOperation({ summary: 'The year’s state, allowed events and stations per state' })
  get(@Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number) {
    return this.queries.year({ subdistrictId, year });
  }

  @Post(':year/self-assessment-window')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404, 409, 422)
  @Returns(WindowOpenedDto)
  @HttpCode(200)
  @Allow('window.open')
  @ApiOperation({ summary: 'Open the self-assessment window now (the sweep opens it on the configured day)' })
  openWindow(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number) {
    return this.commands.execute(new OpenWindowCommand(actor, { subdistrictId, year }));
  }

  @Post(':year/results/compute')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404, 409, 422)
  @Returns(ComputedDto)
  @HttpCode(200)
  @Allow('results.compute')
  @ApiOperation({ summary: 'Rank, grade and price every station (409 unless every station is scored)' })
  compute(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number) {
    return this.commands.execute(new ComputeResultsCommand(actor, { subdistrictId, year }));
  }

  @Post(':year/results/submit')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404, 409, 422)
  @Returns(YearStateDto)
  @HttpCode(200)
  @Allow('results.compute')
  @ApiOperation({ summary: 'Hand the computed table to the leading group for approval' })
  submit(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number) {
    return this.commands.execute(new SubmitForApprovalCommand(actor, { subdistrictId, year }));
  }

  @Get(':year/results')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404)
  @Returns(ResultTableDto)
  @Allow('results.read')
  @ApiOperation({ summary: 'The result table: part scores, total, rank, grade, bonus money and flags' })
  results(@Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number) {
    return this.queries.results({ subdistrictId, year });
  }

  @Post(':year/results/approve')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404, 409, 422)
  @Returns(ApprovedDto)
  @HttpCode(200)
  @Allow('results.approve')
  @ApiOperation({ summary: 'Approve the whole table (starts publicity when configured)' })
  approve(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Body() dto: ReasonDto) {
    return this.commands.execute(new ApproveResultsCommand(actor, { subdistrictId, year }, dto.reason));
  }

  @Post(':year/results/return')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404, 409, 422)
  @Returns(YearDecisionDto)
  @HttpCode(200)
  @Allow('results.approve')
  @ApiOperation({ summary: 'Return the whole table, or one station, to scoring with a reason' })
  return(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Body() dto: ReturnDto) {
    return this.commands.execute(new ReturnResultsCommand(actor, { subdistrictId, year }, dto.reason, dto.stationId));
  }

  @Post(':year/results/release')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404, 409, 422)
  @Returns(YearDecisionDto)
  @HttpCode(200)
  @Allow('results.release')
  @ApiOperation({ summary: 'Release approved results; the 抄告 notices follow' })
  release(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Body() dto: ReasonDto) {
    return this.commands.execute(new ReleaseResultsCommand(actor, { subdistrictId, year }, dto.reason));
  }

  @Post(':year/objections/:objectionId/answer')
  @ApiPath('subdistrictId', 'year', 'objectionId')
  @ApiErrors(404, 409, 422)
  @Returns(ObjectionAnsweredDto)
  @HttpCode(200)
  @Allow('objections.answer')
  @ApiOperation({ summary: 'Answer an objection filed during publicity (upheld → the station is rescored)' })
  answer(
    @CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number,
    @Param('objectionId') objectionId: string, @Body() dto: AnswerObjectionDto,
  ) {
    return this.commands.execute(new AnswerObjectionCommand(actor, { subdistrictId, year }, uuidOf({ objectionId }, 'objectionId'), dto.upheld, dto.reason));
  }
}

/** The years a station user sees: station users read subdistrict data only through their own station's routes. */
@ApiTags('years')
@Controller('subdistricts/:subdistrictId/stations/:stationId/years')
export class StationYearListController {
  constructor(private readonly queries: WorkflowQueries) {}

  @Get()
  @ApiPath('subdistrictId', 'stationId')
  @ApiErrors(404)
  @Returns([YearSummaryDto])
  @Allow('year.read')
  @ApiOperation({ summary: 'The assessment years of the station’s subdistrict, newest first (what a station user may open)' })
  list(@Param('subdistrictId') subdistrictId: string, @Param('stationId') _stationId: string) {
    return this.queries.years(subdistrictId);
  }
}
