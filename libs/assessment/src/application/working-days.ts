import { Injectable } from '@nestjs/common';
import * as path from 'node:path';
import { CalendarYear, loadCalendarYears, localDate, parseCalendarYear, WorkingDayCalendar } from '@app/calendar';
import { UnitOfWork } from '../infrastructure';

/**
 * The working-day calendar: the shipped year files (config/calendars) overlaid by official schedules an admin
 * uploaded (table calendar_years), so a new State Council notice takes effect without a release.
 */
@Injectable()
export class WorkingDays {
  private readonly shipped: CalendarYear[];

  constructor(private readonly uow: UnitOfWork) {
    this.shipped = loadCalendarYears(path.join(uow.config.configDir, 'calendars'));
  }

  async calendar(): Promise<WorkingDayCalendar> {
    const uploaded: CalendarYear[] = (await this.uow.db.query(`SELECT data FROM calendar_years ORDER BY year`))
      .map((r: any) => parseCalendarYear(r.data, `calendar_years/${r.data?.year}`));
    const byYear = new Map<number, CalendarYear>();
    for (const y of [...this.shipped, ...uploaded]) byYear.set(y.year, y);
    return new WorkingDayCalendar([...byYear.values()]);
  }

  today(): string {
    return localDate(this.uow.now(), this.uow.config.timeZone);
  }
}
