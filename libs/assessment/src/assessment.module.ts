import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CalendarYearsStore, PolicyCatalog, UnitOfWork } from './infrastructure';
import { PublicityPeriod, WorkingDays, WorkflowQueries } from './application';
import { OpenYearHandler } from './application/open-year/open-year.handler';
import { OpenWindowHandler } from './application/open-window/open-window.handler';
import { RecordMonthHandler } from './application/record-month/record-month.handler';
import { AddRecognitionHandler } from './application/add-recognition/add-recognition.handler';
import { DecideRecognitionHandler } from './application/decide-recognition/decide-recognition.handler';
import { SaveDraftHandler } from './application/save-draft/save-draft.handler';
import { SubmitSelfAssessmentHandler } from './application/submit-self-assessment/submit-self-assessment.handler';
import { GrantExtensionHandler } from './application/grant-extension/grant-extension.handler';
import { PassDeadlineHandler } from './application/pass-deadline/pass-deadline.handler';
import { ScoreItemHandler } from './application/score-item/score-item.handler';
import { FinaliseScoresHandler } from './application/finalise-scores/finalise-scores.handler';
import { ComputeResultsHandler } from './application/compute-results/compute-results.handler';
import { SubmitForApprovalHandler } from './application/submit-for-approval/submit-for-approval.handler';
import { ApproveResultsHandler } from './application/approve-results/approve-results.handler';
import { ReturnResultsHandler } from './application/return-results/return-results.handler';
import { ReleaseResultsHandler } from './application/release-results/release-results.handler';
import { AdjustGradeHandler } from './application/adjust-grade/adjust-grade.handler';
import { FileObjectionHandler } from './application/file-objection/file-objection.handler';
import { AnswerObjectionHandler } from './application/answer-objection/answer-objection.handler';
import { EndPublicityHandler } from './application/end-publicity/end-publicity.handler';
import { MarkNotifiedHandler } from './application/mark-notified/mark-notified.handler';
import { WaiveMonthsHandler } from './application/waive-months/waive-months.handler';
import { ImportMonthsHandler } from './application/import-months/import-months.handler';

const HANDLERS = [
  OpenYearHandler, OpenWindowHandler, RecordMonthHandler, AddRecognitionHandler, DecideRecognitionHandler, SaveDraftHandler,
  SubmitSelfAssessmentHandler, GrantExtensionHandler, PassDeadlineHandler, ScoreItemHandler, FinaliseScoresHandler,
  ComputeResultsHandler, SubmitForApprovalHandler, ApproveResultsHandler, ReturnResultsHandler, ReleaseResultsHandler,
  AdjustGradeHandler, FileObjectionHandler, AnswerObjectionHandler, EndPublicityHandler, MarkNotifiedHandler, WaiveMonthsHandler, ImportMonthsHandler,
];

/** The yearly workflow: command handlers, queries and what they share. Used by the API and the worker alike. */
@Module({
  imports: [CqrsModule],
  providers: [UnitOfWork, PolicyCatalog, WorkingDays, PublicityPeriod, WorkflowQueries, CalendarYearsStore, ...HANDLERS],
  exports: [UnitOfWork, PolicyCatalog, WorkingDays, PublicityPeriod, WorkflowQueries, CalendarYearsStore],
})
export class AssessmentModule {}
