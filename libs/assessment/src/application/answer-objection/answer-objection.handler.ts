import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { assessmentYearMachine, NotFoundError, stationYearMachine, ValidationError, inStates, STATION_STATES } from '../../domain';
import { advance, loadStationYears, loadYear, RowChange, UnitOfWork, objectionStation } from '../../infrastructure';
import { AnswerObjectionCommand } from './answer-objection.command';

@CommandHandler(AnswerObjectionCommand)
export class AnswerObjectionHandler implements ICommandHandler<AnswerObjectionCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, objectionId, upheld, reason }: AnswerObjectionCommand) {
    if (!reason?.trim()) throw new ValidationError('reason', 'an answer needs a reason');
    const year = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    const objectionStationId = await objectionStation(this.uow.db, objectionId, year.id);
    if (!objectionStationId) throw new NotFoundError('objection', objectionId);
    const changes: RowChange[] = [advance(assessmentYearMachine, 'assessment_years', year, [{ type: 'OBJECTION_ANSWERED', objectionId, upheld }])];
    if (upheld) {
      const station = (await loadStationYears(this.uow.db, year.id)).find((s) => s.stationId === objectionStationId);
      if (inStates(STATION_STATES.resultApproved, station?.state)) {
        changes.push(advance(stationYearMachine, 'station_years', station, [{ type: 'RETURNED_FOR_RESCORING', reason }]));
      }
    }
    const event = this.uow.event(actor, { type: 'assessment_year', id: year.id, subdistrictId: ref.subdistrictId }, 'ObjectionAnswered',
      { assessmentYearId: year.id, objectionId, stationId: objectionStationId, upheld }, reason);
    await this.uow.commit({ changes, events: [event] });
    return { objectionId, status: upheld ? 'upheld' : 'dismissed' } as const;
  }
}
