import { MigrationInterface, QueryRunner } from 'typeorm';

/** Subdistricts, departments (dispatching and organisation/HR), stations, staff, users. */
export class MasterData1764300000100 implements MigrationInterface {
  name = 'MasterData1764300000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subdistricts (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name       text NOT NULL UNIQUE,
        abbr       text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version    integer NOT NULL DEFAULT 1
      );

      CREATE TABLE departments (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subdistrict_id uuid NOT NULL REFERENCES subdistricts(id),
        name           text NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('dispatching', 'hr')),
        channels       text[] NOT NULL DEFAULT '{inbox}',
        email          text,
        webhook_url    text,
        webhook_secret text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        version        integer NOT NULL DEFAULT 1,
        UNIQUE (subdistrict_id, name)
      );

      CREATE TABLE stations (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subdistrict_id uuid NOT NULL REFERENCES subdistricts(id),
        department_id  uuid NOT NULL REFERENCES departments(id),
        name           text NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('independent', 'regional')),
        headcount      integer NOT NULL CHECK (headcount >= 0),
        head_name      text,
        four_platforms boolean NOT NULL DEFAULT true,
        active         boolean NOT NULL DEFAULT true,
        channels       text[] NOT NULL DEFAULT '{inbox}',
        email          text,
        webhook_url    text,
        webhook_secret text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        version        integer NOT NULL DEFAULT 1,
        UNIQUE (subdistrict_id, name)
      );
      CREATE INDEX stations_subdistrict_idx ON stations (subdistrict_id);

      CREATE TABLE staff (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subdistrict_id uuid NOT NULL REFERENCES subdistricts(id),
        station_id     uuid NOT NULL REFERENCES stations(id),
        name           text NOT NULL,
        position       text,
        is_head        boolean NOT NULL DEFAULT false,
        active         boolean NOT NULL DEFAULT true,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        version        integer NOT NULL DEFAULT 1
      );
      CREATE INDEX staff_station_idx ON staff (station_id);

      CREATE TABLE users (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username       text NOT NULL UNIQUE,
        display_name   text NOT NULL,
        role           text NOT NULL CHECK (role IN ('station', 'command_room', 'coordinator', 'leader', 'admin')),
        subdistrict_id uuid REFERENCES subdistricts(id),
        station_id     uuid REFERENCES stations(id),
        password_hash  text,
        active         boolean NOT NULL DEFAULT true,
        channels       text[] NOT NULL DEFAULT '{inbox}',
        email          text,
        webhook_url    text,
        webhook_secret text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        version        integer NOT NULL DEFAULT 1,
        CHECK (role = 'admin' OR subdistrict_id IS NOT NULL),
        CHECK ((role = 'station') = (station_id IS NOT NULL))
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE users; DROP TABLE staff; DROP TABLE stations; DROP TABLE departments; DROP TABLE subdistricts;`);
  }
}
