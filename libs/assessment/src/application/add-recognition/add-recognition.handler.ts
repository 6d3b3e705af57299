import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { INNOVATION_LEVELS } from '@app/policy';
import { stationYearMachine, ValidationError } from '../../domain';
import { advance, fileInsert, loadStationYear, UnitOfWork } from '../../infrastructure';
import { checkEvidence, type CheckedFile } from '../uploaded-file';
import { AddRecognitionCommand } from './add-recognition.command';

/**
 * Records an innovation recognition (创新工作) with its evidence — a description, and optionally a file (a scan of the
 * certificate, the bulletin) stored beside it; it counts only once verified.
 */
@CommandHandler(AddRecognitionCommand)
export class AddRecognitionHandler implements ICommandHandler<AddRecognitionCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, input, evidenceFile }: AddRecognitionCommand) {
    const problems = [
      ...(INNOVATION_LEVELS.includes(input.level) ? [] : [{ field: 'level', reason: `must be one of ${INNOVATION_LEVELS.join(', ')}` }]),
      ...(typeof input.recognisedOn === 'string' && input.recognisedOn.startsWith(`${ref.year}-`)
        ? [] : [{ field: 'recognisedOn', reason: `must fall in the assessment year ${ref.year}` }]),
    ];
    let file: CheckedFile | undefined;
    try {
      file = evidenceFile && checkEvidence(evidenceFile.originalName, evidenceFile.buffer, this.uow.config.maxUploadBytes);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      problems.push(...e.details);
    }
    if (problems.length) throw new ValidationError(problems[0].field, problems[0].reason, problems.slice(1));
    const row = await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    const recognitionId = randomUUID();
    const change = advance(stationYearMachine, 'station_years', row, [{ type: 'RECOGNITION_ADDED', recognitionId }]);
    const fileId = file ? randomUUID() : null;
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId },
      'RecognitionAdded', { stationYearId: row.id, stationId: ref.stationId, recognitionId, ...input, ...(file ? { evidenceFile: { fileId, ...file } } : {}) });
    await this.uow.commit({
      changes: [change], events: [event], writes: file ? [fileInsert({ id: fileId!, ...file, content: evidenceFile!.buffer })] : [],
    });
    return { recognitionId };
  }
}
