import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, TransitionRefusedError, ValidationError, inStates, STATION_STATES } from '../../domain';
import { loadStationYear, UnitOfWork, recognitionStatus } from '../../infrastructure';
import { DecideRecognitionCommand } from './decide-recognition.command';

/** The coordination group verifies a recognition's evidence (it then counts) or refuses it with a reason. */
@CommandHandler(DecideRecognitionCommand)
export class DecideRecognitionHandler implements ICommandHandler<DecideRecognitionCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, recognitionId, verified, reason }: DecideRecognitionCommand) {
    if (!verified && !reason?.trim()) throw new ValidationError('reason', 'refusing a recognition needs a reason');
    const row = await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    if (inStates(STATION_STATES.fixed, row.state)) {
      throw new TransitionRefusedError(row.state, verified ? 'VERIFY_RECOGNITION' : 'REFUSE_RECOGNITION', [], 'the score is already fixed');
    }
    const previous = await recognitionStatus(this.uow.db, recognitionId, row.id);
    if (!previous) throw new NotFoundError('recognition', recognitionId);
    const status = verified ? 'verified' : 'refused';
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId },
      verified ? 'RecognitionVerified' : 'RecognitionRefused', { stationYearId: row.id, recognitionId, previous }, reason);
    // the station-year row's version still guards against a concurrent finalisation
    await this.uow.commit({ changes: [{ table: 'station_years', row, snapshot: row.snapshot, state: row.state }], events: [event] });
    return { recognitionId, status } as const;
  }
}
