/** Uploaded holiday schedules (table calendar_years): the list an admin sees, and an upload recorded as an event. */
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CalendarYear } from '@app/calendar';
import { appendEvents } from '@app/persistence';
import type { Actor } from '@app/platform';

@Injectable()
export class CalendarYearsStore {
  constructor(private readonly db: DataSource) {}

  uploaded(): Promise<{ year: number; data: CalendarYear; uploaded_by: string; uploaded_at: Date }[]> {
    return this.db.query(`SELECT year, data, uploaded_by, uploaded_at FROM calendar_years ORDER BY year`);
  }

  /** Stores a year's schedule (replacing an earlier upload) and records CalendarYearUploaded with the previous data. */
  async upload(actor: Actor, data: CalendarYear, now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [previous] = await tx.query(`SELECT data FROM calendar_years WHERE year = $1`, [data.year]);
      await tx.query(
        `INSERT INTO calendar_years (year, data, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, uploaded_by = EXCLUDED.uploaded_by, uploaded_at = EXCLUDED.uploaded_at`,
        [data.year, JSON.stringify(data), actor.username, now],
      );
      await appendEvents(tx, [{ streamType: 'calendar', streamId: String(data.year), type: 'CalendarYearUploaded',
        payload: { year: data.year, data, previous: previous?.data ?? null }, actorId: actor.userId, actorRole: actor.role, occurredAt: now }]);
    });
  }
}
