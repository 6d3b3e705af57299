import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { NotFoundError, ValidationError, inStates, STATION_STATES } from '../../domain';
import { UnitOfWork } from '../../infrastructure';
import { decideYear } from '../year-decision';
import { ReturnResultsCommand } from './return-results.command';

/** The leading group sends the table (or one station) back: those stations are rescored, the table re-approved. */
@CommandHandler(ReturnResultsCommand)
export class ReturnResultsHandler implements ICommandHandler<ReturnResultsCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, reason, stationId }: ReturnResultsCommand) {
    if (!reason?.trim()) throw new ValidationError('reason', 'a return needs a reason');
    const result = await decideYear(this.uow, actor, ref, {
      yearEvents: [stationId ? { type: 'STATION_RETURNED', stationId, reason } : { type: 'TABLE_RETURNED', reason }],
      stations: {
        when: (s) => inStates(STATION_STATES.scored, s.state) && (!stationId || s.stationId === stationId),
        events: [{ type: 'RETURNED_FOR_RESCORING', reason }],
      },
      eventType: stationId ? 'StationReturned' : 'TableReturned',
      payload: { returnedStationId: stationId ?? null },
      reason,
      // checked before the commit: a return naming no station of the table must change nothing
      check: (affected) => {
        if (stationId && affected.length === 0) throw new NotFoundError('station in this year’s table', stationId);
      },
    });
    return result;
  }
}
