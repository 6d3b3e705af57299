import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { isCivilDate, startOfNextDay } from '@app/calendar';
import { stationYearMachine, ValidationError } from '../../domain';
import { advance, loadStationYear, UnitOfWork } from '../../infrastructure';
import { GrantExtensionCommand } from './grant-extension.command';

/** A coordinator gives an overdue station until a date, with a reason; its submission will still be late. */
@CommandHandler(GrantExtensionCommand)
export class GrantExtensionHandler implements ICommandHandler<GrantExtensionCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, until, reason }: GrantExtensionCommand) {
    if (!reason?.trim()) throw new ValidationError('reason', 'an extension needs a reason');
    const end = endOfDay(until, this.uow.config.timeZone);
    if (end <= this.uow.now()) throw new ValidationError('until', 'must be a date in the future');
    const row = await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    const change = advance(stationYearMachine, 'station_years', row, [{ type: 'EXTENSION_GRANTED', until: end.toISOString(), reason }]);
    change.set = { extended_until: end };
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId },
      'ExtensionGranted', { stationYearId: row.id, stationId: ref.stationId, until: end.toISOString(), previous: row.extendedUntil }, reason);
    await this.uow.commit({ changes: [change], events: [event] });
    return { extendedUntil: end.toISOString() };
  }
}

/** The last instant of a local calendar day; a malformed or impossible date is the caller's mistake (400), not a 500. */
function endOfDay(until: string, timeZone: string): Date {
  // isCivilDate also refuses impossible days ('2027-02-30' would otherwise roll over into March)
  if (!isCivilDate(until)) throw new ValidationError('until', 'must be a real date YYYY-MM-DD');
  return new Date(startOfNextDay(until, timeZone).getTime() - 1);
}
