import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../infrastructure';
import { ValidationError } from '../../domain';
import { decideYear } from '../year-decision';
import { SubmitForApprovalCommand } from './submit-for-approval.command';

/** The coordination group hands the computed table to the leading group. */
@CommandHandler(SubmitForApprovalCommand)
export class SubmitForApprovalHandler implements ICommandHandler<SubmitForApprovalCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref }: SubmitForApprovalCommand) {
    // the table must show every individual grade set so far: a grade changed after computing needs a recompute
    const [stale] = await this.uow.db.query(
      `SELECT 1 FROM grade_adjustments g JOIN station_years sy ON sy.id = g.station_year_id
       JOIN assessment_years y ON y.id = sy.assessment_year_id JOIN year_results r ON r.assessment_year_id = y.id
       WHERE y.subdistrict_id = $1 AND y.year = $2 AND g.set_at > r.computed_at LIMIT 1`, [ref.subdistrictId, ref.year],
    );
    if (stale) throw new ValidationError('results', 'an individual grade changed after the results were computed: compute them again first');
    const { state } = await decideYear(this.uow, actor, ref, {
      yearEvents: [{ type: 'SUBMITTED_FOR_APPROVAL' }], eventType: 'ResultsSubmittedForApproval',
    });
    return { state };
  }
}
