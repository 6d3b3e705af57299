import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiBearerAuth } from '@nestjs/swagger';
import { XLSX_MIME } from '@app/reporting';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { Allow } from '../access/allow.decorator';
import { yearParam } from '../assessment/params';
import { AuditFilterDto, AuditPageDto, AuditPageResultDto, TimelineEntryDto } from './audit.dto';
import { auditCsv, auditXlsx } from './audit.export';
import { AuditScope, AuditService } from './audit.service';


/**
 * Who did what, when, in which role, with which reason, and old → new values: read from the event store.
 * Scope (own subdistrict; the station of the route) is checked by the AccessGuard.
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('subdistricts/:subdistrictId')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit')
  @ApiPath('subdistrictId')
  @ApiErrors(404)
  @Returns(AuditPageResultDto)
  @Allow('audit.read')
  @ApiOperation({ summary: 'The subdistrict’s audit trail (filter by type, actor, role, from, to; paged)' })
  subdistrict(@Param('subdistrictId') subdistrictId: string, @Query() q: AuditPageDto) {
    const { page, pageSize, ...filter } = q;
    return this.audit.page({ subdistrictId }, filter, page, pageSize);
  }

  @Get('audit.xlsx')
  @ApiPath('subdistrictId')
  @ApiErrors(404)
  @Allow('audit.read')
  @Returns({ file: [XLSX_MIME] })
  @ApiOperation({ summary: 'The subdistrict’s audit trail as an Excel workbook (审计记录)' })
  async subdistrictXlsx(@Param('subdistrictId') subdistrictId: string, @Query() q: AuditFilterDto, @Res() res: any) {
    await this.sendXlsx(res, { subdistrictId }, q, '审计记录');
  }

  @Get('audit.csv')
  @ApiPath('subdistrictId')
  @ApiErrors(404)
  @Allow('audit.read')
  @Returns({ file: ['text/csv'] })
  @ApiOperation({ summary: 'The subdistrict’s audit trail as CSV (UTF-8 with BOM)' })
  async subdistrictCsv(@Param('subdistrictId') subdistrictId: string, @Query() q: AuditFilterDto, @Res() res: any) {
    await this.sendCsv(res, { subdistrictId }, q, '审计记录');
  }

  @Get('years/:year/stations/:stationId/timeline')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Returns([TimelineEntryDto])
  @Allow('year.read')
  @ApiOperation({ summary: 'One station’s year as a timeline (流程跟踪): its workflow events and the year’s milestones, by role' })
  timeline(@Param() p: Record<string, string>, @Param('year', yearParam) year: number) {
    return this.audit.timeline(p.subdistrictId, p.stationId, year);
  }

  @Get('years/:year/stations/:stationId/audit')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Returns(AuditPageResultDto)
  @Allow('audit.read')
  @ApiOperation({ summary: 'One station’s year: records, scores, extensions, grades and its master-data changes' })
  station(@Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Query() q: AuditPageDto) {
    const { page, pageSize, ...filter } = q;
    return this.audit.page({ subdistrictId: p.subdistrictId, stationId: p.stationId, year }, filter, page, pageSize);
  }

  @Get('years/:year/stations/:stationId/audit.xlsx')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Allow('audit.read')
  @Returns({ file: [XLSX_MIME] })
  @ApiOperation({ summary: 'One station’s year audit trail as an Excel workbook' })
  async stationXlsx(@Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Query() q: AuditFilterDto, @Res() res: any) {
    await this.sendXlsx(res, { subdistrictId: p.subdistrictId, stationId: p.stationId, year }, q, `${year}年度审计记录`);
  }

  @Get('years/:year/stations/:stationId/audit.csv')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Allow('audit.read')
  @Returns({ file: ['text/csv'] })
  @ApiOperation({ summary: 'One station’s year audit trail as CSV' })
  async stationCsv(@Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Query() q: AuditFilterDto, @Res() res: any) {
    await this.sendCsv(res, { subdistrictId: p.subdistrictId, stationId: p.stationId, year }, q, `${year}年度审计记录`);
  }

  private async sendXlsx(res: any, scope: AuditScope, q: AuditFilterDto, title: string) {
    const entries = await this.audit.all(scope, q);
    const station = 'stationId' in scope ? entries.find((e) => e.station?.id === scope.stationId)?.station?.name : undefined;
    const body = await auditXlsx(entries, station ? `${station} ${title}` : title);
    res.setHeader('Content-Type', XLSX_MIME);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.xlsx`)}`);
    res.end(body);
  }

  private async sendCsv(res: any, scope: AuditScope, q: AuditFilterDto, title: string) {
    const body = auditCsv(await this.audit.all(scope, q));
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.csv`)}`);
    res.end(body);
  }
}
