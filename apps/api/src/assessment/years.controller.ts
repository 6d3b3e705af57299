import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { ApprovedDto, ComputedDto, ObjectionAnsweredDto, ResultTableDto, WindowOpenedDto, YearDecisionDto, YearOpenedDto, YearStateDto, YearStatusDto } from './responses';
import type { Actor } from '@app/platform';
import {
  AnswerObjectionCommand, ApproveResultsCommand, ComputeResultsCommand, OpenWindowCommand, OpenYearCommand, ReleaseResultsCommand,
  ReturnResultsCommand, SubmitForApprovalCommand, WorkflowQueries,
} from '@app/assessment';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { AnswerObjectionDto, OpenYearDto, ReasonDto, ReturnDto } from './dto';
import { uuidOf, yearParam } from './params';

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
