import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { INNOVATION_LEVELS } from '@app/policy';
import { stationYearMachine, ValidationError } from '../../domain';
import { advance, loadStationYear, UnitOfWork } from '../../infrastructure';
import { AddRecognitionCommand } from './add-recognition.command';

/** Records an innovation recognition (创新工作) with its evidence; it counts only once verified. */
@CommandHandler(AddRecognitionCommand)
export class AddRecognitionHandler implements ICommandHandler<AddRecognitionCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, input }: AddRecognitionCommand) {
    if (!INNOVATION_LEVELS.includes(input.level)) throw new ValidationError('level', `must be one of ${INNOVATION_LEVELS.join(', ')}`);
    if (typeof input.recognisedOn !== 'string' || !input.recognisedOn.startsWith(`${ref.year}-`)) {
      throw new ValidationError('recognisedOn', `must fall in the assessment year ${ref.year}`);
    }
    const row = await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    const recognitionId = randomUUID();
    const change = advance(stationYearMachine, 'station_years', row, [{ type: 'RECOGNITION_ADDED', recognitionId }]);
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId },
      'RecognitionAdded', { stationYearId: row.id, stationId: ref.stationId, recognitionId, ...input });
    await this.uow.commit({ changes: [change], events: [event] });
    return { recognitionId };
  }
}
