import { Injectable } from '@nestjs/common';
import { startOfNextDay } from '@app/calendar';
import { UnitOfWork } from '../infrastructure';
import { WorkingDays } from './working-days';
import type { YearRef } from './refs';

/** When a publicity period (公示) that starts now ends: after N working days, at the end of the last one. */
@Injectable()
export class PublicityPeriod {
  constructor(private readonly uow: UnitOfWork, private readonly workingDays: WorkingDays) {}

  async endFor(ref: YearRef): Promise<Date | null> {
    const policy = await this.uow.policyFor(ref);
    if (!policy.publicity.enabled) return null;
    const calendar = await this.workingDays.calendar();
    const lastDay = calendar.addWorkingDays(this.workingDays.today(), policy.publicity.workingDays);
    return startOfNextDay(lastDay, this.uow.config.timeZone);
  }
}
