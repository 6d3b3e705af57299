import { Module } from '@nestjs/common';
import { AssessmentModule } from '@app/assessment';
import { PoliciesController, ProjectionsController } from './admin.controller';

@Module({ imports: [AssessmentModule], controllers: [PoliciesController, ProjectionsController] })
export class AdminApiModule {}
