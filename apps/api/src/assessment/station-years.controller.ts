import { Body, Controller, Get, HttpCode, Param, Post, Put, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { IdempotencyAfterUpload } from '../http/idempotency.interceptor';
import { UploadInterceptor } from '../http/upload.interceptor';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { DraftSavedDto, ExplanationDto, ExtensionGrantedDto, FinalisedDto, GradeSetDto, ItemScoredDto, MonthRecordedDto, MonthStatusDto, ObjectionFiledDto, RecognitionAddedDto, RecognitionDecidedDto, ScoreSheetDto, SelfAssessmentFormDto, StationYearStatusDto, SubmittedDto, RecognitionStateDto } from './responses';
import type { Actor } from '@app/platform';
import {
  AddRecognitionCommand, AdjustGradeCommand, DecideRecognitionCommand, FileObjectionCommand, FinaliseScoresCommand, GrantExtensionCommand,
  EVIDENCE_MIME_TYPES, RecordMonthCommand, REPORT_MIME_TYPES, SaveDraftCommand, WaiveMonthsCommand, ScoreItemCommand, SubmitSelfAssessmentCommand,
  WorkflowQueries,
} from '@app/assessment';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { ApiError } from '../http/api-error';
import { sendDownload } from '../http/download';
import {
  DailyMonthDto, ExtensionDto, GradeDto, MonthWaiverDto, MonthWaiverResultDto, ObjectionDto, ReasonDto, RecognitionDto, RequiredReasonDto, ScoreDto, SelfAssessmentDto, SpecialMonthDto,
} from './dto';
import { monthOf, uuidOf, yearParam } from './params';

type Ref = { subdistrictId: string; stationId: string; year: number };

/** One station's year: records, recognitions, self-assessment, extension, scores, grades, result. */
@ApiTags('station years')
@Controller('subdistricts/:subdistrictId/years/:year/stations/:stationId')
export class StationYearsController {
  constructor(private readonly commands: CommandBus, private readonly queries: WorkflowQueries) {}

  private ref(p: Record<string, string>, year: number): Ref {
    return { subdistrictId: p.subdistrictId, stationId: p.stationId, year };
  }

  @Get()
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Returns(StationYearStatusDto)
  @Allow('year.read')
  @ApiOperation({ summary: 'State of the station’s year (with the events allowed now)' })
  status(@Param() p: Record<string, string>, @Param('year', yearParam) year: number) {
    return this.queries.stationYear(this.ref(p, year));
  }

  @Get('months')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Returns([MonthStatusDto])
  @Allow('year.read')
  @ApiOperation({ summary: 'Month-by-month record completeness' })
  months(@Param() p: Record<string, string>, @Param('year', yearParam) year: number) {
    return this.queries.months(this.ref(p, year));
  }

  @Put('months/:month/special')
  @ApiPath('subdistrictId', 'year', 'stationId', 'month')
  @ApiErrors(404, 409, 422)
  @Returns(MonthRecordedDto)
  @Allow('records.special')
  @ApiOperation({ summary: 'Record (or correct, with a reason) a month’s four-platform data' })
  recordSpecial(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: SpecialMonthDto) {
    const { reason, ...data } = dto;
    // plain JSON (no DTO class instances) in the event; the handler checks the numbers against each other
    return this.commands.execute(new RecordMonthCommand(actor, this.ref(p, year), monthOf(p.month), 'special', JSON.parse(JSON.stringify(data)), reason));
  }

  @Post('months/waivers')
  @HttpCode(200)
  @Allow('records.waive')
  @ApiOperation({
    summary: 'Waive (豁免) months of the station’s records with a reason (coordination group)',
    description: 'A waived month counts as recorded when results are computed (policy guard computeNeedsEveryMonth); the waiver is an event with actor, time and reason.',
  })
  @ApiPath('subdistrictId', 'year', 'stationId')
  @Returns(MonthWaiverResultDto)
  @ApiErrors(404, 409)
  waive(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: MonthWaiverDto) {
    return this.commands.execute(new WaiveMonthsCommand(actor, this.ref(p, year), dto.months, dto.reason));
  }

  @Put('months/:month/daily')
  @ApiPath('subdistrictId', 'year', 'stationId', 'month')
  @ApiErrors(404, 409, 422)
  @Returns(MonthRecordedDto)
  @Allow('records.daily')
  @ApiOperation({ summary: 'Record (or correct, with a reason) a month’s daily-management deductions' })
  recordDaily(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: DailyMonthDto) {
    const { reason, ...data } = dto;
    return this.commands.execute(new RecordMonthCommand(actor, this.ref(p, year), monthOf(p.month), 'daily', JSON.parse(JSON.stringify(data)), reason));
  }

  @Get('recognitions')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Returns([RecognitionStateDto])
  @Allow('year.read')
  @ApiOperation({ summary: 'The station’s innovation recognitions with their evidence and status (待核实/已认定/不予认定)' })
  recognitions(@Param() p: Record<string, string>, @Param('year', yearParam) year: number) {
    return this.queries.recognitions(this.ref(p, year));
  }

  @Post('recognitions')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404, 409, 422)
  @Returns(RecognitionAddedDto, 201)
  @Allow('recognitions.add')
  @UseInterceptors(UploadInterceptor('evidenceFile'), IdempotencyAfterUpload)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiExtraModels(RecognitionDto)
  @ApiBody({ schema: { allOf: [{ $ref: getSchemaPath(RecognitionDto) }, { type: 'object', properties: {
    evidenceFile: { type: 'string', format: 'binary', description: 'multipart only: a scan or document of the evidence (PDF, DOCX, DOC, JPEG, PNG)' },
  } }] } })
  @ApiOperation({ summary: 'Add an innovation recognition with its evidence, optionally with a file (counts once verified)' })
  addRecognition(
    @CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: RecognitionDto,
    @UploadedFile() file?: { originalname: string; buffer: Buffer },
  ) {
    const evidenceFile = file ? { originalName: utf8FileName(file.originalname), buffer: file.buffer } : undefined;
    return this.commands.execute(new AddRecognitionCommand(actor, this.ref(p, year), { ...dto }, evidenceFile));
  }

  @Get('recognitions/:recognitionId/evidence-file')
  @ApiPath('subdistrictId', 'year', 'stationId', 'recognitionId')
  @ApiErrors(404)
  @Returns({ file: EVIDENCE_MIME_TYPES })
  @Allow('year.read')
  @ApiOperation({ summary: 'The file a recognition’s evidence came with' })
  async evidenceFile(@Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Res() res: any) {
    sendDownload(res, await this.queries.evidenceFile(this.ref(p, year), uuidOf(p, 'recognitionId')));
  }

  @Post('recognitions/:recognitionId/verify')
  @ApiPath('subdistrictId', 'year', 'stationId', 'recognitionId')
  @ApiErrors(404, 409, 422)
  @Returns(RecognitionDecidedDto)
  @HttpCode(200)
  @Allow('recognitions.verify')
  verify(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: ReasonDto) {
    return this.commands.execute(new DecideRecognitionCommand(actor, this.ref(p, year), uuidOf(p, 'recognitionId'), true, dto.reason));
  }

  @Post('recognitions/:recognitionId/refuse')
  @ApiPath('subdistrictId', 'year', 'stationId', 'recognitionId')
  @ApiErrors(404, 409, 422)
  @Returns(RecognitionDecidedDto)
  @HttpCode(200)
  @Allow('recognitions.verify')
  refuse(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: RequiredReasonDto) {
    return this.commands.execute(new DecideRecognitionCommand(actor, this.ref(p, year), uuidOf(p, 'recognitionId'), false, dto.reason));
  }

  @Get('self-assessment')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Returns(SelfAssessmentFormDto)
  @Allow('selfassessment.read')
  selfAssessment(@Param() p: Record<string, string>, @Param('year', yearParam) year: number) {
    return this.queries.selfAssessment(this.ref(p, year));
  }

  @Put('self-assessment')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404, 409, 422)
  @Returns(DraftSavedDto)
  @Allow('selfassessment.file')
  @ApiOperation({ summary: 'Save the self-assessment form (自评表) as a draft' })
  saveDraft(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: SelfAssessmentDto) {
    return this.commands.execute(new SaveDraftCommand(actor, this.ref(p, year), dto));
  }

  @Post('self-assessment/submit')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404, 409, 422, 413)
  @Returns(SubmittedDto, 201)
  @Allow('selfassessment.file')
  @UseInterceptors(UploadInterceptor('report'), IdempotencyAfterUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: {
    scores: { type: 'string', example: '{"serveCentre":"9.5"}' }, justifications: { type: 'string' }, report: { type: 'string', format: 'binary' },
  } } })
  @ApiOperation({ summary: 'Submit the self-assessment with the annual work report (PDF/DOCX/DOC, ≤ 20 MB)' })
  submit(
    @CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number,
    @Body() body: Record<string, string>, @UploadedFile() file?: { originalname: string; buffer: Buffer },
  ) {
    body ??= {}; // a request that is not multipart has no body fields at all
    // every problem of the form's fields at once (the domain then checks the content, also all at once)
    const scores = jsonField(body, 'scores');
    const justifications = jsonField(body, 'justifications');
    const problems = [
      ...(scores === null ? [{ field: 'scores', reason: 'must be a JSON object' }] : []),
      ...(justifications === null ? [{ field: 'justifications', reason: 'must be a JSON object' }] : []),
      ...Object.keys(body).filter((k) => !['scores', 'justifications'].includes(k)).map((field) => ({ field, reason: 'is not a known field' })),
    ];
    if (problems.length) throw ApiError.invalid(problems);
    const input = { scores: scores!, justifications: justifications! };
    const report = file ? { originalName: utf8FileName(file.originalname), buffer: file.buffer } : undefined;
    return this.commands.execute(new SubmitSelfAssessmentCommand(actor, this.ref(p, year), input, report));
  }

  @Get('self-assessment/report')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Returns({ file: REPORT_MIME_TYPES })
  @Allow('selfassessment.read')
  async report(@Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Res() res: any) {
    sendDownload(res, await this.queries.report(this.ref(p, year)));
  }

  @Post('extension')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404, 409, 422)
  @Returns(ExtensionGrantedDto)
  @HttpCode(200)
  @Allow('extension.grant')
  @ApiOperation({ summary: 'Grant an overdue station an extension until a date, with a reason' })
  extend(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: ExtensionDto) {
    return this.commands.execute(new GrantExtensionCommand(actor, this.ref(p, year), dto.until, dto.reason));
  }

  @Get('scores')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Returns(ScoreSheetDto)
  @Allow('scores.read')
  @ApiOperation({ summary: 'The evaluation form (测评表): self scores, group scores, comments, recognitions' })
  scores(@Param() p: Record<string, string>, @Param('year', yearParam) year: number) {
    return this.queries.scores(this.ref(p, year));
  }

  @Put('scores/special/:itemKey')
  @ApiPath('subdistrictId', 'year', 'stationId', 'itemKey')
  @ApiErrors(404, 409, 422)
  @Returns(ItemScoredDto)
  @Allow('scores.special')
  @ApiOperation({ summary: 'Score an item of 专项管理 (command room)' })
  scoreSpecial(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: ScoreDto) {
    return this.commands.execute(new ScoreItemCommand(actor, this.ref(p, year), 'special', p.itemKey, dto.score, dto.comment, dto.reason));
  }

  @Put('scores/daily/:itemKey')
  @ApiPath('subdistrictId', 'year', 'stationId', 'itemKey')
  @ApiErrors(404, 409, 422)
  @Returns(ItemScoredDto)
  @Allow('scores.daily')
  @ApiOperation({ summary: 'Score an item of 日常管理 (coordination group)' })
  scoreDaily(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: ScoreDto) {
    return this.commands.execute(new ScoreItemCommand(actor, this.ref(p, year), 'daily', p.itemKey, dto.score, dto.comment, dto.reason));
  }

  @Post('scores/finalise')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404, 409, 422)
  @Returns(FinalisedDto)
  @HttpCode(200)
  @Allow('scores.finalise')
  @ApiOperation({ summary: 'Fix the station’s scores (every item scored, every recognition decided)' })
  finalise(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number) {
    return this.commands.execute(new FinaliseScoresCommand(actor, this.ref(p, year)));
  }

  @Put('persons/:staffId/grade')
  @ApiPath('subdistrictId', 'year', 'stationId', 'staffId')
  @ApiErrors(404, 409, 422)
  @Returns(GradeSetDto)
  @Allow('grades.adjust')
  @ApiOperation({ summary: 'Set a staff member’s grade at an independent station, with a reason' })
  grade(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: GradeDto) {
    return this.commands.execute(new AdjustGradeCommand(actor, this.ref(p, year), uuidOf(p, 'staffId'), dto.grade, dto.reason));
  }

  @Get('explanation')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Returns(ExplanationDto)
  @Allow('results.read')
  @ApiOperation({ summary: 'Why the station has its score, rank and grade' })
  explanation(@Param() p: Record<string, string>, @Param('year', yearParam) year: number) {
    return this.queries.explanation(this.ref(p, year));
  }

  @Get('result')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404)
  @Returns(ExplanationDto)
  @Allow('results.readOwn')
  @ApiOperation({ summary: 'The station’s result once released, or while the approved table is publicised (公示); 409 before' })
  result(@Param() p: Record<string, string>, @Param('year', yearParam) year: number) {
    return this.queries.explanation(this.ref(p, year), { releasedOnly: true });
  }

  @Post('objections')
  @ApiPath('subdistrictId', 'year', 'stationId')
  @ApiErrors(404, 409, 422)
  @Returns(ObjectionFiledDto, 201)
  @Allow('objections.file')
  @ApiOperation({ summary: 'File an objection to the published result (公示期)' })
  object(@CurrentActor() actor: Actor, @Param() p: Record<string, string>, @Param('year', yearParam) year: number, @Body() dto: ObjectionDto) {
    return this.commands.execute(new FileObjectionCommand(actor, this.ref(p, year), dto.text));
  }
}

/**
 * multer (busboy) reads a multipart file name as latin1: a browser's UTF-8 name (年度工作总结.pdf) arrives as mojibake.
 * Re-read it as UTF-8 when that gives valid text, keep it otherwise.
 */
function utf8FileName(name: string): string {
  const bytes = Buffer.from(name, 'latin1');
  const utf8 = bytes.toString('utf8');
  return /[^\u0000-\u00ff]/.test(name) || utf8.includes('\ufffd') ? name : utf8;
}

/** A multipart field holding a JSON object ({} when absent); null when it is not one. */
function jsonField(body: Record<string, string>, field: string): Record<string, string> | null {
  const raw = body[field];
  if (raw === undefined) return {};
  try {
    const v = JSON.parse(raw);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* fall through */
  }
  return null;
}
