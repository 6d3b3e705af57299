import { Module } from '@nestjs/common';
import { AssessmentModule } from '@app/assessment';
import { BoardQueries } from './board/board.query';
import { OverviewQueries } from './board/overview.query';
import { LeaderQueries } from './leaders.queries';
import { TodoQueries } from './todo/todo.query';
import { ExportFiles } from './exports/export-files';
import { ExportJobs } from './exports/export-jobs';

/** The late board and the whole-set overview, leaders' decisions and dashboard, and the XLSX exports (direct and as jobs). API and worker alike. */
@Module({
  imports: [AssessmentModule],
  providers: [BoardQueries, OverviewQueries, LeaderQueries, ExportFiles, ExportJobs, TodoQueries],
  exports: [BoardQueries, OverviewQueries, LeaderQueries, ExportFiles, ExportJobs, TodoQueries],
})
export class ReportingModule {}
