import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { inStates, STATION_STATES } from '../../domain';
import { UnitOfWork } from '../../infrastructure';
import { decideYear } from '../year-decision';
import { PublicityPeriod } from '../publicity-period';
import { ApproveResultsCommand } from './approve-results.command';

/**
 * The leading group approves the whole table. With publicity (公示) switched on in the policy, the results are
 * then published for the configured number of working days before they can be released.
 */
@CommandHandler(ApproveResultsCommand)
export class ApproveResultsHandler implements ICommandHandler<ApproveResultsCommand> {
  constructor(private readonly uow: UnitOfWork, private readonly publicity: PublicityPeriod) {}

  async execute({ actor, ref, reason }: ApproveResultsCommand) {
    const until = await this.publicity.endFor(ref);
    const { state } = await decideYear(this.uow, actor, ref, {
      yearEvents: until ? [{ type: 'APPROVED' }, { type: 'PUBLICITY_STARTED' }] : [{ type: 'APPROVED' }],
      stations: { when: (s) => inStates(STATION_STATES.scoredOnly, s.state), events: [{ type: 'RESULT_APPROVED' }] },
      eventType: 'ResultsApproved',
      payload: { publicityUntil: until?.toISOString() ?? null },
      reason,
      yearSet: () => ({ publicity_until: until }),
    });
    return { state, publicityUntil: until?.toISOString() ?? null };
  }
}
