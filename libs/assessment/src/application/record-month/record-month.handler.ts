import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { localDate } from '@app/calendar';
import { checkSpecialMonth, findItem } from '@app/policy';
import { stationYearMachine, ValidationError } from '../../domain';
import { advance, loadStationYear, UnitOfWork, monthSection } from '../../infrastructure';
import { scoreToTenths } from '../score-input';
import { RecordMonthCommand } from './record-month.command';

/**
 * Records one month's data for a station, or corrects it: a correction is a new event with a reason, never an
 * edit, so the audit trail keeps both the old and the new values.
 */
@CommandHandler(RecordMonthCommand)
export class RecordMonthHandler implements ICommandHandler<RecordMonthCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, month, section, data, reason }: RecordMonthCommand) {
    if (!Number.isInteger(month) || month < 1 || month > 12) throw new ValidationError('month', 'must be a month number from 1 to 12');
    if (section !== 'special' && section !== 'daily') throw new ValidationError('section', 'must be special or daily');
    const today = localDate(this.uow.now(), this.uow.config.timeZone);
    const current = `${ref.year}-${String(month).padStart(2, '0')}`;
    const row = await loadStationYear(this.uow.db, ref.subdistrictId, ref.stationId, ref.year);
    const policy = await this.uow.policyFor(ref);
    const previous = await monthSection(this.uow.db, row.id, month, section);
    const correction = Boolean(previous);
    let normalised = data;
    // every problem of the request at once
    ValidationError.collect(
      () => {
        if (current > today.slice(0, 7)) throw new ValidationError('month', `${current} has not begun yet`);
      },
      () => (normalised = section === 'daily' ? normaliseDeductions(policy, data) : checkedSpecial(data)),
      () => {
        if (correction && !reason?.trim()) throw new ValidationError('reason', 'a correction of a recorded month needs a reason');
      },
    );
    const change = advance(stationYearMachine, 'station_years', row, [{ type: 'MONTH_RECORDED', month }]);
    const event = this.uow.event(actor, { type: 'station_year', id: row.id, subdistrictId: ref.subdistrictId }, 'MonthRecorded', {
      stationYearId: row.id, stationId: ref.stationId, month, section, data: normalised, correction, previous: previous ?? null,
    }, reason);
    await this.uow.commit({ changes: [change], events: [event] });
    return { month, correction };
  }
}

/** Four-platform numbers must agree with each other; every problem is named at once. */
function checkedSpecial(data: Record<string, unknown>) {
  const problems = ValidationError.of(checkSpecialMonth(data));
  if (problems) throw problems;
  return data;
}

/** Daily-management deductions name a rubric item of the daily part, an amount in points, a reason and evidence. */
function normaliseDeductions(policy: Parameters<typeof findItem>[0], data: Record<string, unknown>) {
  const list = (data.deductions ?? []) as any[];
  if (!Array.isArray(list)) throw new ValidationError('deductions', 'must be a list');
  const deductions: unknown[] = [];
  ValidationError.collect(...list.map((d, i) => () => {
    const field = `deductions[${i}]`;
    const found = findItem(policy, d?.itemKey);
    let points = 0;
    ValidationError.collect(
      () => {
        if (!found || found.part.key !== 'daily') throw new ValidationError(`${field}.itemKey`, 'must be an item of 日常管理');
        points = scoreToTenths(policy, d.itemKey, d.points, `${field}.points`) / 10;
      },
      () => {
        if (!String(d?.reason ?? '').trim()) throw new ValidationError(`${field}.reason`, 'is required');
      },
      () => {
        if (!String(d?.evidence ?? '').trim()) throw new ValidationError(`${field}.evidence`, 'is required');
      },
    );
    deductions.push({ itemKey: d.itemKey, points, reason: String(d.reason), evidence: String(d.evidence) });
  }));
  return { ...data, deductions };
}
