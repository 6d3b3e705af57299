import { Module } from '@nestjs/common';
import { AssessmentModule } from '@app/assessment';
import { ReportingModule } from '@app/reporting';
import { ReportingController } from './reporting.controller';
import { OverviewController } from './overview.controller';

@Module({ imports: [AssessmentModule, ReportingModule], controllers: [ReportingController, OverviewController] })
export class ReportingApiModule {}
