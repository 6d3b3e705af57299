import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { GRADE_KEYS } from '@app/policy';
import { NotFoundError, TransitionRefusedError, ValidationError, inStates, STATION_STATES, YEAR_STATES } from '../../domain';
import { loadStationYear, loadYear, UnitOfWork, staffMemberOf } from '../../infrastructure';
import { AdjustGradeCommand } from './adjust-grade.command';

/**
 * Individual grades can change only while the table is still being prepared: once it is submitted for approval,
 * approved or released, the bonus and the notices rest on it, and a change needs a return to scoring first.
 * (A change after results were computed is allowed, and the table must be recomputed before it is submitted.)
 */

@CommandHandler(AdjustGradeCommand)
export class AdjustGradeHandler implements ICommandHandler<AdjustGradeCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, staffId, grade, reason }: AdjustGradeCommand) {
    if (!GRADE_KEYS.includes(grade)) throw new ValidationError('grade', `must be one of ${GRADE_KEYS.join(', ')}`);
    if (!reason?.trim()) throw new ValidationError('reason', 'an individual grade needs a reason');
    const row = await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    if (inStates(STATION_STATES.approvedOrLater, row.state)) throw new TransitionRefusedError(row.state, 'ADJUST_GRADE', [], 'results are approved; return the station first');
    const year = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    if (!inStates(YEAR_STATES.openForGrades, year.state)) {
      throw new TransitionRefusedError(year.state, 'ADJUST_GRADE', [], 'the result table is with the leading group; return the station first');
    }
    const person = await staffMemberOf(this.uow.db, staffId, ref.stationId);
    if (!person) throw new NotFoundError('staff member of this station', staffId);
    if (person.kind !== 'independent') throw new ValidationError('staffId', 'individual grades apply to independent stations only');
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId }, 'GradeAdjusted',
      { stationYearId: row.id, stationId: ref.stationId, staffId, grade }, reason);
    // both rows' versions guard against a submission for approval or a finalisation racing this change
    await this.uow.commit({
      changes: [
        { table: 'station_years', row, snapshot: row.snapshot, state: row.state },
        { table: 'assessment_years', row: year, snapshot: year.snapshot, state: year.state },
      ],
      events: [event],
    });
    return { staffId, grade };
  }
}
