import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { OverviewQueries } from '@app/reporting';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { Allow } from '../access/allow.decorator';
import { yearParam } from '../assessment/params';
import { OverviewQueryDto } from './reporting.dto';
import { OverviewDto } from './reporting.responses';

/** The whole-set progress overview (全域进度总览): every subdistrict of a calendar year, for a deployment-wide admin. */
@ApiTags('reporting')
@Controller('years/:year')
export class OverviewController {
  constructor(private readonly overviews: OverviewQueries) {}

  @Get('overview')
  @ApiPath('year')
  @ApiErrors()
  @Returns(OverviewDto)
  @Allow('overview.read')
  @ApiOperation({ summary: 'The whole-set progress overview (全域进度总览): totals over every subdistrict of the year and one page of subdistricts with their late-board totals' })
  overview(@Param('year', yearParam) year: number, @Query() q: OverviewQueryDto) {
    return this.overviews.overview(year, { sort: q.sort, limit: q.limit === undefined ? undefined : Number(q.limit), cursor: q.cursor });
  }
}
