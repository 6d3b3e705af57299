import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../infrastructure';
import { decideYear } from '../year-decision';
import { SubmitForApprovalCommand } from './submit-for-approval.command';

/** The coordination group hands the computed table to the leading group. */
@CommandHandler(SubmitForApprovalCommand)
export class SubmitForApprovalHandler implements ICommandHandler<SubmitForApprovalCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref }: SubmitForApprovalCommand) {
    const { state } = await decideYear(this.uow, actor, ref, {
      yearEvents: [{ type: 'SUBMITTED_FOR_APPROVAL' }], eventType: 'ResultsSubmittedForApproval',
    });
    return { state };
  }
}
