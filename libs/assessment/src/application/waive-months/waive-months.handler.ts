import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { localDate } from '@app/calendar';
import { TransitionRefusedError, ValidationError } from '../../domain';
import { loadStationYear, recordedMonthsOf, UnitOfWork } from '../../infrastructure';
import { WaiveMonthsCommand } from './waive-months.command';

/** Once a station's result is approved its records are settled: a waiver needs a return to scoring first. */
const STATION_FIXED = ['resultApproved', 'released', 'notified', 'closed'];

@CommandHandler(WaiveMonthsCommand)
export class WaiveMonthsHandler implements ICommandHandler<WaiveMonthsCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, months, reason }: WaiveMonthsCommand) {
    if (!reason?.trim()) throw new ValidationError('reason', '豁免月度记录须说明理由');
    if (!Array.isArray(months) || !months.length) throw new ValidationError('months', '请至少列出一个月份');
    const today = localDate(this.uow.now(), this.uow.config.timeZone).slice(0, 7);
    for (const [i, m] of months.entries()) {
      if (!Number.isInteger(m) || m < 1 || m > 12) throw new ValidationError(`months[${i}]`, '月份须为1到12的整数');
      if (`${ref.year}-${String(m).padStart(2, '0')}` > today) throw new ValidationError(`months[${i}]`, `${ref.year}年${m}月尚未开始，不能豁免`);
    }
    const unique = [...new Set(months)].sort((a, b) => a - b);
    const row = await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    if (STATION_FIXED.includes(row.state)) throw new TransitionRefusedError(row.state, 'WAIVE_MONTHS', [], '结果已审定，须先退回测评才能豁免月度记录');
    const recorded = await recordedMonthsOf(this.uow.db, row.id, unique);
    if (recorded.length) throw new ValidationError('months', `${recorded.map((m) => `${m}月`).join('、')}已有记录，无需豁免`);
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId }, 'MonthsWaived',
      { stationYearId: row.id, stationId: ref.stationId, months: unique }, reason.trim());
    // the row's version moves (no machine event): a concurrent record of the same month meets a version conflict
    await this.uow.commit({ changes: [{ table: 'station_years', row, snapshot: row.snapshot, state: row.state }], events: [event] });
    return { months: unique };
  }
}
