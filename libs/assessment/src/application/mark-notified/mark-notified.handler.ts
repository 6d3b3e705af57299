import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { stationYearMachine, inStates, STATION_STATES } from '../../domain';
import { advance, loadStationYear, UnitOfWork } from '../../infrastructure';
import { MarkNotifiedCommand } from './mark-notified.command';

@CommandHandler(MarkNotifiedCommand)
export class MarkNotifiedHandler implements ICommandHandler<MarkNotifiedCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref }: MarkNotifiedCommand) {
    const row = await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    if (!inStates(STATION_STATES.awaitingNotices, row.state)) return { changed: false, state: row.state };
    const change = advance(stationYearMachine, 'station_years', row, [{ type: 'ALL_NOTICES_DELIVERED' }]);
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId }, 'AllNoticesDelivered',
      { stationYearId: row.id, stationId: ref.stationId });
    await this.uow.commit({ changes: [change], events: [event] });
    return { changed: true, state: change.state };
  }
}
