import { Command } from '@nestjs/cqrs';
import type { InnovationLevel } from '@app/policy';
import type { Actor, StationYearRef } from '../refs';

export interface RecognitionInput {
  level: InnovationLevel;
  title: string;
  issuer: string;
  /** 'YYYY-MM-DD' */
  recognisedOn: string;
  evidence: string;
}

/** An uploaded file as the API received it. */
export interface UploadedFile {
  originalName: string;
  buffer: Buffer;
}

export class AddRecognitionCommand extends Command<{ recognitionId: string }> {
  constructor(readonly actor: Actor, readonly ref: StationYearRef, readonly input: RecognitionInput, readonly evidenceFile?: UploadedFile) {
    super();
  }
}
