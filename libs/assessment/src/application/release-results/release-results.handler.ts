import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { inStates, STATION_STATES } from '../../domain';
import { QUEUES } from '@app/messaging';
import { UnitOfWork } from '../../infrastructure';
import { decideYear } from '../year-decision';
import { ReleaseResultsCommand } from './release-results.command';

/**
 * Releases approved results (after publicity, when configured). The outbox carries `ResultsReleased` to the
 * worker, which issues the 抄告 notices: nothing leaves the system unless this transaction commits.
 */
@CommandHandler(ReleaseResultsCommand)
export class ReleaseResultsHandler implements ICommandHandler<ReleaseResultsCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  execute({ actor, ref, reason }: ReleaseResultsCommand) {
    return decideYear(this.uow, actor, ref, {
      yearEvents: [{ type: 'RELEASED' }],
      stations: { when: (s) => inStates(STATION_STATES.resultApproved, s.state), events: [{ type: 'RESULT_RELEASED' }] },
      eventType: 'ResultsReleased',
      reason,
      outbox: (year) => [{
        queue: QUEUES.domainEvents,
        name: 'ResultsReleased',
        payload: { eventType: 'ResultsReleased', streamId: year.id, subdistrictId: ref.subdistrictId, payload: { assessmentYearId: year.id, year: ref.year } },
      }],
    });
  }
}
