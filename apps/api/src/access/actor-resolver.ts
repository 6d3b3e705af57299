import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor } from '@app/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Loads an active user as an Actor. */
@Injectable()
export class ActorResolver {
  constructor(private readonly db: DataSource) {}

  async byUserId(userId: string): Promise<Actor | null> {
    if (!UUID.test(userId)) return null;
    const [u] = await this.db.query(
      `SELECT id, username, role, subdistrict_id, station_id FROM users WHERE id = $1 AND active`,
      [userId],
    );
    return u
      ? { userId: u.id, username: u.username, role: u.role, subdistrictId: u.subdistrict_id, stationId: u.station_id }
      : null;
  }
}
