import { Command } from '@nestjs/cqrs';
import type { Actor, StationYearRef } from '../refs';
import type { SelfAssessmentInput } from '../save-draft/save-draft.command';

export interface UploadedReport {
  originalName: string;
  buffer: Buffer;
}

export class SubmitSelfAssessmentCommand extends Command<{ submittedAt: string; late: boolean; report: { fileId: string; sha256: string } }> {
  constructor(
    readonly actor: Actor,
    readonly ref: StationYearRef,
    readonly input: SelfAssessmentInput,
    readonly report: UploadedReport | undefined,
  ) {
    super();
  }
}
