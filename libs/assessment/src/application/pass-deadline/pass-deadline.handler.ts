import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { selfAssessmentDeadline } from '@app/calendar';
import { assessmentYearMachine, stationYearMachine, TransitionRefusedError, inStates, STATION_STATES, YEAR_STATES } from '../../domain';
import { advance, loadStationYears, loadYear, RowChange, UnitOfWork } from '../../infrastructure';
import { PassDeadlineCommand } from './pass-deadline.command';

@CommandHandler(PassDeadlineCommand)
export class PassDeadlineHandler implements ICommandHandler<PassDeadlineCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref }: PassDeadlineCommand) {
    const now = this.uow.now();
    const year = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    // an early (or mis-scheduled) job must not mark anyone overdue: the deadline is derived, not trusted
    const deadline = selfAssessmentDeadline(ref.year, this.uow.policies.get(year.policyVersion).schedule, this.uow.config.timeZone);
    if (now < deadline) {
      throw new TransitionRefusedError(year.state, 'DEADLINE_PASSED', [], `the self-assessment deadline is ${deadline.toISOString()}`);
    }
    const due = (await loadStationYears(this.uow.db, year.id)).filter(
      (s) => inStates(STATION_STATES.selfAssessmentOpen, s.state) || (inStates(STATION_STATES.extended, s.state) && s.extendedUntil !== null && s.extendedUntil < now),
    );
    const changes: RowChange[] = due.map((s) => ({
      ...advance(stationYearMachine, 'station_years', s, [{ type: 'DEADLINE_PASSED' }]),
      set: { late: true },
    }));
    if (inStates(YEAR_STATES.selfAssessmentWindow, year.state)) changes.push(advance(assessmentYearMachine, 'assessment_years', year, [{ type: 'DEADLINE_PASSED' }]));
    if (!changes.length) return { overdue: [] };
    const events = due.map((s) => this.uow.event(actor, { type: 'station_year', id: s.id, subdistrictId: ref.subdistrictId },
      'MarkedOverdue', { stationYearId: s.id, stationId: s.stationId, extensionLapsed: inStates(STATION_STATES.extended, s.state) }));
    await this.uow.commit({ changes, events });
    return { overdue: due.map((s) => s.stationId) };
  }
}
