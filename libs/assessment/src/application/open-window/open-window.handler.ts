import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { selfAssessmentDeadline } from '@app/calendar';
import { assessmentYearMachine, stationYearMachine, inStates, STATION_STATES } from '../../domain';
import { advance, loadStationYears, loadYear, UnitOfWork } from '../../infrastructure';
import { OpenWindowCommand } from './open-window.command';

/** Opens the self-assessment window (1 December by default, or earlier by a coordinator) for every station. */
@CommandHandler(OpenWindowCommand)
export class OpenWindowHandler implements ICommandHandler<OpenWindowCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref }: OpenWindowCommand) {
    const year = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    const policy = this.uow.policies.get(year.policyVersion);
    const deadline = selfAssessmentDeadline(ref.year, policy.schedule, this.uow.config.timeZone);
    // the deadline is the first instant that is late: a submission must be strictly before it
    const lastOnTime = new Date(deadline.getTime() - 1).toISOString();
    const stations = (await loadStationYears(this.uow.db, year.id)).filter((s) => inStates(STATION_STATES.recording, s.state));
    const changes = [
      advance(assessmentYearMachine, 'assessment_years', year, [{ type: 'WINDOW_OPENED' }]),
      ...stations.map((s) => advance(stationYearMachine, 'station_years', s, [{ type: 'WINDOW_OPENED', deadline: lastOnTime }])),
    ];
    const event = this.uow.event(actor, { type: 'assessment_year', id: year.id, subdistrictId: ref.subdistrictId },
      'SelfAssessmentWindowOpened', { assessmentYearId: year.id, deadline: deadline.toISOString(), stationYearIds: stations.map((s) => s.id) });
    await this.uow.commit({ changes, events: [event] });
    return { stations: stations.length, deadline: deadline.toISOString() };
  }
}
