import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { assessmentYearMachine, ValidationError } from '../../domain';
import { advance, loadStationYear, loadYear, UnitOfWork } from '../../infrastructure';
import { FileObjectionCommand } from './file-objection.command';

@CommandHandler(FileObjectionCommand)
export class FileObjectionHandler implements ICommandHandler<FileObjectionCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, text }: FileObjectionCommand) {
    if (!text?.trim()) throw new ValidationError('text', 'an objection needs its grounds');
    const year = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    // the objection must be about a station of this year's table (NotFoundError, not a foreign-key failure)
    await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    const objectionId = randomUUID();
    const change = advance(assessmentYearMachine, 'assessment_years', year, [{ type: 'OBJECTION_FILED', objectionId, stationId: ref.stationId }]);
    const event = this.uow.event(actor, { type: 'assessment_year', id: year.id, subdistrictId: ref.subdistrictId }, 'ObjectionFiled',
      { assessmentYearId: year.id, objectionId, stationId: ref.stationId, text });
    await this.uow.commit({ changes: [change], events: [event] });
    return { objectionId };
  }
}
