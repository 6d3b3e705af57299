import { Module } from '@nestjs/common';
import { AssessmentModule } from '@app/assessment';
import { ReportingModule } from '@app/reporting';
import { ReportingController } from './reporting.controller';

@Module({ imports: [AssessmentModule, ReportingModule], controllers: [ReportingController] })
export class ReportingApiModule {}
