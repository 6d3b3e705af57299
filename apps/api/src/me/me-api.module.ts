import { Module } from '@nestjs/common';
import { AssessmentModule } from '@app/assessment';
import { ReportingModule } from '@app/reporting';
import { AuditApiModule } from '../audit/audit-api.module';
import { MeController } from './me.controller';

/** The caller's own to-do list and recent work. */
@Module({ imports: [AssessmentModule, ReportingModule, AuditApiModule], controllers: [MeController] })
export class MeApiModule {}
