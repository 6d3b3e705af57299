import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { inStates, STATION_STATES } from '../../domain';
import { QUEUES } from '@app/messaging';
import { assessmentYearMachine } from '../../domain';
import { advance, loadYear, UnitOfWork } from '../../infrastructure';
import { checkRecipientsReachable } from '../guards/hand-off-guards';
import { decideYear } from '../year-decision';
import { ReleaseResultsCommand } from './release-results.command';

/**
 * Releases approved results (after publicity, when configured). The outbox carries `ResultsReleased` to the
 * worker, which issues the 抄告 notices: nothing leaves the system unless this transaction commits. Refused while a
 * recipient department has nobody who can read its notice (policy.guards.releaseNeedsReachableRecipients).
 */
@CommandHandler(ReleaseResultsCommand)
export class ReleaseResultsHandler implements ICommandHandler<ReleaseResultsCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, reason }: ReleaseResultsCommand) {
    const year = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    advance(assessmentYearMachine, 'assessment_years', year, [{ type: 'RELEASED' }]); // a state that cannot release says so first
    await checkRecipientsReachable(this.uow.db, year, this.uow.policies.get(year.policyVersion));
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
