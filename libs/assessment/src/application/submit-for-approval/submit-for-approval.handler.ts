import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork, gradeChangedSinceResults } from '../../infrastructure';
import { ValidationError } from '../../domain';
import { decideYear } from '../year-decision';
import { SubmitForApprovalCommand } from './submit-for-approval.command';

/** The coordination group hands the computed table to the leading group. */
@CommandHandler(SubmitForApprovalCommand)
export class SubmitForApprovalHandler implements ICommandHandler<SubmitForApprovalCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref }: SubmitForApprovalCommand) {
    // the table must show every individual grade set so far: a grade changed after computing needs a recompute
    if (await gradeChangedSinceResults(this.uow.db, ref.subdistrictId, ref.year)) throw new ValidationError('results', 'an individual grade changed after the results were computed: compute them again first');
    const { state } = await decideYear(this.uow, actor, ref, {
      yearEvents: [{ type: 'SUBMITTED_FOR_APPROVAL' }], eventType: 'ResultsSubmittedForApproval',
    });
    return { state };
  }
}
