/** Holiday schedules by year: the shipped files, the uploads (CalendarYearsStore), and an admin's upload. */
import { Body, Controller, Get, Inject, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import * as path from 'node:path';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { CalendarDataError, loadCalendarYears, localDate, parseCalendarYear, yearOf } from '@app/calendar';
import { CalendarYearsStore } from '@app/assessment';
import { CLOCK } from '@app/platform';
import type { Actor, Clock } from '@app/platform';
import { Allow, CurrentActor } from '../access/allow.decorator';
import { ApiError } from '../http/api-error';
import { ApiErrors, ApiPath, Returns } from '../http/openapi';
import { CalendarUploadedDto, CalendarYearDto } from './notices.responses';

@ApiTags('calendar')
@Controller('calendar/years')
export class CalendarController {
  constructor(private readonly store: CalendarYearsStore, @Inject(APP_CONFIG) private readonly config: AppConfig, @Inject(CLOCK) private readonly clock: Clock) {}

  @Get()
  @Allow('calendar.manage')
  @ApiOperation({ summary: 'Holiday schedules by year: official, provisional or missing (last year to two years ahead)' })
  @Returns([CalendarYearDto])
  @ApiErrors()
  async list(): Promise<any[]> {
    const shipped = loadCalendarYears(path.join(this.config.configDir, 'calendars'));
    const byYear = new Map<number, any>();
    for (const y of shipped) byYear.set(y.year, { year: y.year, source: y.source, provisional: !!y.provisional, origin: 'file' });
    for (const u of await this.store.uploaded()) {
      byYear.set(u.year, { year: u.year, source: u.data.source, provisional: !!u.data.provisional, origin: 'upload', uploadedBy: u.uploaded_by, uploadedAt: u.uploaded_at });
    }
    const thisYear = yearOf(localDate(this.clock.now(), this.config.timeZone));
    for (let y = thisYear - 1; y <= thisYear + 2; y++) if (!byYear.has(y)) byYear.set(y, { year: y });
    return [...byYear.values()].sort((a, b) => a.year - b.year).map((y) => ({
      year: y.year,
      status: y.source === undefined ? 'missing' : y.provisional ? 'provisional' : 'official',
      source: y.source ?? null, origin: y.origin ?? null, uploadedBy: y.uploadedBy ?? null, uploadedAt: y.uploadedAt ?? null,
    }));
  }

  @Put(':year')
  @Allow('calendar.manage')
  @ApiOperation({ summary: 'Upload a year’s official holiday schedule (国务院办公厅关于部分节假日安排的通知) as JSON' })
  @ApiPath('year')
  @Returns(CalendarUploadedDto)
  @ApiErrors(404, 409, 422)
  async put(@CurrentActor() actor: Actor, @Param('year') yearParam: string, @Body() body: unknown): Promise<CalendarUploadedDto> {
    if (!/^\d{4}$/.test(yearParam)) throw ApiError.badRequest('year', 'must be a four-digit year');
    let data;
    try {
      data = parseCalendarYear(body, 'upload');
    } catch (e) {
      if (e instanceof CalendarDataError) {
        throw new ApiError(400, 'VALIDATION_FAILED', e.message, e.issues.map((i) => ({ field: i.field, reason: i.message })));
      }
      throw e;
    }
    if (data.year !== Number(yearParam)) throw ApiError.badRequest('year', `is ${data.year} but the URL says ${yearParam}`);
    await this.store.upload(actor, data, this.clock.now());
    return { year: data.year, status: data.provisional ? 'provisional' : 'official', holidays: data.holidays.length, workdays: data.workdays.length };
  }
}
