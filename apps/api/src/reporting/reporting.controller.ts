import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { BoardDto, DashboardDto, DecisionsDto, ExportJobDto } from './reporting.responses';
import type { Actor } from '@app/platform';
import { loadYear, UnitOfWork } from '@app/assessment';
import { BoardQueries, buildDashboardFigures, buildLateBoardFile, buildNotSubmittedFile, ExportFiles, ExportJobs, LeaderQueries, XLSX_MIME } from '@app/reporting';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { assertMayExport } from '../access/export-access';
import { yearParam } from '../assessment/params';
import { sendDownload } from '../http/download';
import { ReleasePreviewDto } from './release-preview.dto';
import { BoardQueryDto, CreateExportDto, DashboardQueryDto } from './reporting.dto';

/** The coordinators' late board, the leaders' decisions and dashboard, and the XLSX exports. */
@ApiTags('reporting')
@Controller('subdistricts/:subdistrictId/years/:year')
export class ReportingController {
  constructor(
    private readonly boards: BoardQueries, private readonly leaders: LeaderQueries, private readonly files: ExportFiles,
    private readonly jobs: ExportJobs, private readonly uow: UnitOfWork,
  ) {}

  @Get('board')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404)
  @Returns(BoardDto)
  @Allow('board.read')
  @ApiOperation({ summary: 'The late board (催报看板): per station months, self-assessment, reminders, scoring, notices; totals per milestone' })
  board(@Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Query() q: BoardQueryDto) {
    return this.boards.board({ subdistrictId, year }, { ...q, lateOnly: q.lateOnly === 'true' || q.lateOnly === '1' });
  }

  @Get('board.xlsx')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404)
  @Returns({ file: [XLSX_MIME] })
  @Allow('board.read')
  @ApiOperation({ summary: 'The late board as XLSX (same filters as the board)' })
  async boardXlsx(@Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Query() q: BoardQueryDto, @Res() res: any) {
    const board = await this.boards.board({ subdistrictId, year }, { ...q, lateOnly: q.lateOnly === 'true' || q.lateOnly === '1' });
    sendDownload(res, { name: `${board.subdistrict}${year}年度派驻机构考核催报看板.xlsx`, mime: XLSX_MIME, content: await buildLateBoardFile(board, undefined, this.uow.config.timeZone) });
  }

  @Get('not-submitted.xlsx')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404)
  @Returns({ file: [XLSX_MIME] })
  @Allow('board.read')
  @ApiOperation({ summary: 'The stations that have not submitted their self-assessment (未提交自评名单) as XLSX' })
  async notSubmittedXlsx(@Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Res() res: any) {
    const board = await this.boards.board({ subdistrictId, year }, { milestone: 'self_assessment' });
    const policy = this.uow.policies.get((await loadYear(this.uow.db, subdistrictId, year)).policyVersion);
    sendDownload(res, { name: `${board.subdistrict}${year}年度未提交自评名单.xlsx`, mime: XLSX_MIME, content: await buildNotSubmittedFile(board, policy, undefined, this.uow.config.timeZone) });
  }

  @Get('results.xlsx')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404)
  @Returns({ file: [XLSX_MIME] })
  @Allow('results.read')
  @ApiOperation({ summary: 'The result table (考核结果汇总表) as XLSX' })
  async resultsXlsx(@Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Res() res: any) {
    sendDownload(res, await this.files.build('result_table', { subdistrictId, year }, null));
  }

  @Get('decisions')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404)
  @Returns(DecisionsDto)
  @Allow('results.read')
  @ApiOperation({ summary: 'Every leader decision (submission, approval, return, release, objections and answers) with actor, time and reason' })
  decisions(@Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number) {
    return this.leaders.decisions({ subdistrictId, year });
  }

  @Get('results/release-preview')
  @Allow('results.release')
  @ApiOperation({ summary: 'The 抄告 notices a release would send now, their numbers and recipients (with channels); sends nothing' })
  @ApiPath('subdistrictId', 'year')
  @Returns(ReleasePreviewDto)
  @ApiErrors(404)
  releasePreview(@Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number): Promise<ReleasePreviewDto> {
    return this.leaders.releasePreview({ subdistrictId, year });
  }

  @Get('dashboard')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404)
  @Returns(DashboardDto)
  @Allow('results.read')
  @ApiOperation({ summary: 'Dashboard figures: progress per milestone over time, score distribution, grade counts' })
  dashboard(@Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Query() q: DashboardQueryDto) {
    return this.leaders.dashboard({ subdistrictId, year }, { bucket: q.bucket ? Number(q.bucket) : 10 });
  }

  @Get('dashboard.xlsx')
  @Allow('results.read')
  @ApiOperation({ summary: 'The dashboard’s numbers as XLSX (统计分析): one sheet per chart' })
  @ApiPath('subdistrictId', 'year')
  @Returns({ file: [XLSX_MIME] })
  @ApiErrors(404)
  async dashboardXlsx(@Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Res() res: any) {
    const d = await this.leaders.dashboard({ subdistrictId, year });
    sendDownload(res, { name: `${year}年度派驻机构考核统计分析.xlsx`, mime: XLSX_MIME, content: await buildDashboardFigures(d) });
  }

  @Post('exports')
  @ApiPath('subdistrictId', 'year')
  @ApiErrors(404, 409, 422)
  @Returns(ExportJobDto, 202)
  @HttpCode(202)
  @Allow('exports.create')
  @ApiOperation({ summary: 'Start an export job (XLSX); poll its status, download the file when ready' })
  createExport(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Body() dto: CreateExportDto) {
    assertMayExport(actor, dto.kind);
    return this.jobs.create(actor, { subdistrictId, year }, dto.kind, dto.stationId);
  }

  @Get('exports/:exportId')
  @ApiPath('subdistrictId', 'year', 'exportId')
  @ApiErrors(404)
  @Returns(ExportJobDto)
  @Allow('exports.create')
  @ApiOperation({ summary: 'An export’s status and progress' })
  async exportStatus(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Param('exportId') exportId: string) {
    const status = await this.jobs.status({ subdistrictId, year }, exportId);
    assertMayExport(actor, status.kind);
    return status;
  }

  @Get('exports/:exportId/file')
  @ApiPath('subdistrictId', 'year', 'exportId')
  @ApiErrors(404)
  @Returns({ file: [XLSX_MIME, 'application/pdf'] })
  @Allow('exports.create')
  @ApiOperation({ summary: 'Download a finished export (409 before it is ready)' })
  async exportFile(@CurrentActor() actor: Actor, @Param('subdistrictId') subdistrictId: string, @Param('year', yearParam) year: number, @Param('exportId') exportId: string, @Res() res: any) {
    assertMayExport(actor, (await this.jobs.status({ subdistrictId, year }, exportId)).kind);
    sendDownload(res, await this.jobs.file({ subdistrictId, year }, exportId));
  }
}
