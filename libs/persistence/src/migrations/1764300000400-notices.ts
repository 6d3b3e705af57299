import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders and notices (one row per message, unique by what it is about, so however often a sweep or a job
 * creates it, it exists once), their delivery per channel (tracked and retried), the in-app inbox, and the
 * per-subdistrict-and-year notice numbers (城东考〔2026〕N号).
 */
export class Notices1764300000400 implements MigrationInterface {
  name = 'Notices1764300000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notices (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subdistrict_id uuid NOT NULL REFERENCES subdistricts(id),
        year           integer NOT NULL,
        station_id     uuid REFERENCES stations(id),
        kind           text NOT NULL,
        recipient_type text NOT NULL CHECK (recipient_type IN ('user', 'department', 'station')),
        recipient_id   uuid NOT NULL,
        occasion       text NOT NULL,
        -- station, year, kind, recipient, occasion: the identity that makes a repeated creation a no-op
        dedupe_key     text NOT NULL UNIQUE,
        number         text,
        title          text NOT NULL,
        payload        jsonb NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX notices_station_idx ON notices (station_id, year, kind);
      CREATE INDEX notices_year_idx ON notices (subdistrict_id, year, kind);

      CREATE TABLE deliveries (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notice_id       uuid NOT NULL REFERENCES notices(id),
        channel         text NOT NULL CHECK (channel IN ('inbox', 'webhook', 'email')),
        address         jsonb NOT NULL DEFAULT '{}',
        status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
        attempts        integer NOT NULL DEFAULT 0,
        last_error      text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        delivered_at    timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (notice_id, channel)
      );
      CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX deliveries_failed_idx ON deliveries (status) WHERE status = 'failed';

      CREATE TABLE inbox_items (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        delivery_id     uuid NOT NULL UNIQUE REFERENCES deliveries(id),
        notice_id       uuid NOT NULL REFERENCES notices(id),
        recipient_type  text NOT NULL,
        recipient_id    uuid NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        read_at         timestamptz,
        acknowledged_at timestamptz
      );
      CREATE INDEX inbox_recipient_idx ON inbox_items (recipient_type, recipient_id, created_at DESC);

      CREATE TABLE notice_numbers (
        subdistrict_id uuid NOT NULL REFERENCES subdistricts(id),
        year           integer NOT NULL,
        last_number    integer NOT NULL DEFAULT 0,
        PRIMARY KEY (subdistrict_id, year)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notice_numbers, inbox_items, deliveries, notices`);
  }
}
