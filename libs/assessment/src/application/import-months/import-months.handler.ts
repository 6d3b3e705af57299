import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { localDate } from '@app/calendar';
import { checkSpecialMonth } from '@app/policy';
import { stationYearMachine, stationYearStateLabel, TransitionRefusedError, ValidationError } from '../../domain';
import type { Problem } from '../../domain';
import { advance, loadStationYears, loadYear, recordedSpecials, RowChange, stationIdsByName, UnitOfWork } from '../../infrastructure';
import { ImportMonthsCommand } from './import-months.command';

const at = (row: number, column: string) => `row ${row}: ${column}`;

@CommandHandler(ImportMonthsCommand)
export class ImportMonthsHandler implements ICommandHandler<ImportMonthsCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, ref, rows, problems: fileProblems, reason, headers }: ImportMonthsCommand) {
    const year = await loadYear(this.uow.db, ref.subdistrictId, ref.year);
    const stationYears = await loadStationYears(this.uow.db, year.id);
    const byName = await stationIdsByName(this.uow.db, ref.subdistrictId);
    const previous = await recordedSpecials(this.uow.db, stationYears.map((s) => s.id));
    const yearOf = new Map(stationYears.map((s) => [s.stationId, s]));
    const today = localDate(this.uow.now(), this.uow.config.timeZone).slice(0, 7);
    const problems: Problem[] = [...fileProblems];
    const seen = new Map<string, number>();
    const accepted: { row: number; sy: (typeof stationYears)[number]; month: number; data: object; previous: unknown }[] = [];
    for (const r of rows) {
      const before = problems.length;
      const stationId = byName.get(r.station);
      const sy = stationId ? yearOf.get(stationId) : undefined;
      if (!stationId) problems.push({ field: at(r.row, '站所名称'), reason: `本街道没有名为“${r.station}”的站所` });
      else if (!sy) problems.push({ field: at(r.row, '站所名称'), reason: `“${r.station}”不参加${ref.year}年度考核（未纳入“四个平台”）` });
      if (r.month < 1 || r.month > 12) problems.push({ field: at(r.row, '月份'), reason: '月份须为1到12' });
      else if (`${ref.year}-${String(r.month).padStart(2, '0')}` > today) problems.push({ field: at(r.row, '月份'), reason: `${ref.year}年${r.month}月尚未开始` });
      const key = `${r.station}/${r.month}`;
      if (seen.has(key)) problems.push({ field: at(r.row, '站所名称'), reason: `与第${seen.get(key)}行是同一站所同一月份` });
      seen.set(key, r.row);
      problems.push(...checkSpecialMonth(r.data).map((p) => ({ field: at(r.row, headers[p.field] ?? p.field), reason: p.reason })));
      if (problems.length === before && sy) {
        accepted.push({ row: r.row, sy, month: r.month, data: r.data, previous: previous.get(`${sy.id}/${r.month}`) ?? null });
      }
    }
    const corrections = accepted.filter((a) => a.previous !== null).length;
    if (corrections && !reason?.trim()) {
      problems.push({ field: 'reason', reason: `文件中有${corrections}行更正已有的月度记录（如第${accepted.find((a) => a.previous !== null)!.row}行），请填写更正理由` });
    }
    // each station's machine takes its months in one step; a station already being scored refuses them
    const changes: RowChange[] = [];
    for (const sy of new Set(accepted.map((a) => a.sy))) {
      const mine = accepted.filter((a) => a.sy === sy);
      try {
        changes.push(advance(stationYearMachine, 'station_years', sy, mine.map((a) => ({ type: 'MONTH_RECORDED', month: a.month }))));
      } catch (e) {
        if (!(e instanceof TransitionRefusedError)) throw e;
        const state = (stationYearStateLabel as Record<string, string>)[sy.state] ?? sy.state;
        for (const a of mine) problems.push({ field: at(a.row, '站所名称'), reason: `该站所已进入“${state}”环节，不能再录入月度数据` });
      }
    }
    const all = ValidationError.of(problems);
    if (all) throw all;
    const events = accepted.map((a) => this.uow.event(actor, { type: 'station_year', id: a.sy.id, subdistrictId: ref.subdistrictId }, 'MonthRecorded', {
      stationYearId: a.sy.id, stationId: a.sy.stationId, month: a.month, section: 'special', data: a.data, correction: a.previous !== null,
      previous: a.previous, source: 'import',
    }, a.previous !== null ? reason : null));
    await this.uow.commit({ changes, events });
    return { imported: accepted.length, corrections };
  }
}
