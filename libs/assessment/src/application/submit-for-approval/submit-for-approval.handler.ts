import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { advance, gradeChangedSinceResults, loadYear, UnitOfWork } from '../../infrastructure';
import { checkDeparturesExplained } from '../guards/hand-off-guards';
import { assessmentYearMachine, ValidationError } from '../../domain';
import { decideYear } from '../year-decision';
import { SubmitForApprovalCommand } from './submit-for-approval.command';

/**
 * The coordination group hands the computed table to the leading group; refused while a score differs from its
 * suggested score without a reason (policy.guards.submitNeedsExplainedDepartures).
 */
@CommandHandler(SubmitForApprovalCommand)
export class SubmitForApprovalHandler implements ICommandHandler<SubmitForApprovalCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref }: SubmitForApprovalCommand) {
    // the table must show every individual grade set so far: a grade changed after computing needs a recompute
    if (await gradeChangedSinceResults(this.uow.db, ref.subdistrictId, ref.year)) throw new ValidationError('results', 'an individual grade changed after the results were computed: compute them again first');
    const year = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    advance(assessmentYearMachine, 'assessment_years', year, [{ type: 'SUBMITTED_FOR_APPROVAL' }]); // a state conflict says so first
    await checkDeparturesExplained(this.uow.db, year, this.uow.policies.get(year.policyVersion));
    const { state } = await decideYear(this.uow, actor, ref, {
      yearEvents: [{ type: 'SUBMITTED_FOR_APPROVAL' }], eventType: 'ResultsSubmittedForApproval',
    });
    return { state };
  }
}
