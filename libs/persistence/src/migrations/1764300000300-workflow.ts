import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The yearly workflow: the write model (one row per subdistrict year and per station year, each holding its
 * XState snapshot and a version for optimistic concurrency) and the projections rebuilt from events.
 */
export class Workflow1764300000300 implements MigrationInterface {
  name = 'Workflow1764300000300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE assessment_years (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subdistrict_id  uuid NOT NULL REFERENCES subdistricts(id),
        year            integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        policy_version  text NOT NULL,
        state           text NOT NULL,
        snapshot        jsonb NOT NULL,
        machine_version integer NOT NULL,
        version         integer NOT NULL DEFAULT 1,
        publicity_until timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        UNIQUE (subdistrict_id, year)
      );

      CREATE TABLE station_years (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assessment_year_id uuid NOT NULL REFERENCES assessment_years(id),
        subdistrict_id     uuid NOT NULL REFERENCES subdistricts(id),
        station_id         uuid NOT NULL REFERENCES stations(id),
        year               integer NOT NULL,
        state              text NOT NULL,
        snapshot           jsonb NOT NULL,
        machine_version    integer NOT NULL,
        version            integer NOT NULL DEFAULT 1,
        submitted_at       timestamptz,
        late               boolean NOT NULL DEFAULT false,
        extended_until     timestamptz,
        updated_at         timestamptz NOT NULL DEFAULT now(),
        UNIQUE (station_id, year)
      );
      CREATE INDEX station_years_year_idx ON station_years (assessment_year_id, state);
      CREATE INDEX station_years_by_year_state_idx ON station_years (year, state);

      -- projections (read models): rebuilt from the event store by \`cli rebuild-projections\`
      CREATE TABLE month_records (
        station_year_id uuid NOT NULL REFERENCES station_years(id),
        month           smallint NOT NULL CHECK (month BETWEEN 1 AND 12),
        special         jsonb,
        daily           jsonb,
        special_recorded_at timestamptz,
        daily_recorded_at   timestamptz,
        corrections     integer NOT NULL DEFAULT 0,
        updated_at      timestamptz NOT NULL,
        PRIMARY KEY (station_year_id, month)
      );

      CREATE TABLE recognitions (
        id              uuid PRIMARY KEY,
        station_year_id uuid NOT NULL REFERENCES station_years(id),
        level           text NOT NULL,
        title           text NOT NULL,
        issuer          text NOT NULL,
        recognised_on   date NOT NULL,
        evidence        text NOT NULL,
        status          text NOT NULL CHECK (status IN ('pending', 'verified', 'refused')),
        decided_by      text,
        decision_reason text,
        created_at      timestamptz NOT NULL
      );
      CREATE INDEX recognitions_station_year_idx ON recognitions (station_year_id);

      CREATE TABLE self_assessments (
        station_year_id uuid PRIMARY KEY REFERENCES station_years(id),
        status          text NOT NULL CHECK (status IN ('draft', 'submitted')),
        scores          jsonb NOT NULL DEFAULT '{}',
        justifications  jsonb NOT NULL DEFAULT '{}',
        report          jsonb,
        saved_at        timestamptz NOT NULL,
        submitted_at    timestamptz
      );

      CREATE TABLE item_scores (
        station_year_id uuid NOT NULL REFERENCES station_years(id),
        item_key        text NOT NULL,
        tenths          integer NOT NULL CHECK (tenths >= 0),
        comment         text,
        scored_by       text NOT NULL,
        scored_role     text NOT NULL,
        scored_at       timestamptz NOT NULL,
        PRIMARY KEY (station_year_id, item_key)
      );

      CREATE TABLE grade_adjustments (
        station_year_id uuid NOT NULL REFERENCES station_years(id),
        staff_id        uuid NOT NULL REFERENCES staff(id),
        grade           text NOT NULL,
        reason          text NOT NULL,
        set_by          text NOT NULL,
        set_at          timestamptz NOT NULL,
        PRIMARY KEY (station_year_id, staff_id)
      );

      CREATE TABLE station_results (
        station_year_id    uuid PRIMARY KEY REFERENCES station_years(id),
        assessment_year_id uuid NOT NULL REFERENCES assessment_years(id),
        daily              integer NOT NULL,
        special            integer NOT NULL,
        innovation         integer NOT NULL,
        total              integer NOT NULL,
        rank               integer NOT NULL,
        position           integer NOT NULL,
        grade              text NOT NULL,
        quota_demoted      boolean NOT NULL,
        bonus_yuan         integer NOT NULL,
        persons            jsonb NOT NULL,
        explanation        jsonb NOT NULL,
        computed_at        timestamptz NOT NULL
      );
      CREATE INDEX station_results_year_idx ON station_results (assessment_year_id, position);

      CREATE TABLE year_results (
        assessment_year_id uuid PRIMARY KEY REFERENCES assessment_years(id),
        excellent_quota    integer NOT NULL,
        station_count      integer NOT NULL,
        budget_yuan        integer NOT NULL,
        awards             jsonb NOT NULL,
        recommendations    jsonb NOT NULL,
        computed_at        timestamptz NOT NULL
      );

      CREATE TABLE objections (
        id                 uuid PRIMARY KEY,
        assessment_year_id uuid NOT NULL REFERENCES assessment_years(id),
        station_id         uuid NOT NULL REFERENCES stations(id),
        text               text NOT NULL,
        status             text NOT NULL CHECK (status IN ('open', 'upheld', 'dismissed')),
        filed_by           text NOT NULL,
        filed_at           timestamptz NOT NULL,
        answer             text,
        answered_by        text,
        answered_at        timestamptz
      );
      CREATE INDEX objections_year_idx ON objections (assessment_year_id);

      -- official holiday schedules uploaded by an admin; they override the shipped config/calendars files
      CREATE TABLE calendar_years (
        year        integer PRIMARY KEY,
        data        jsonb NOT NULL,
        uploaded_by text NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now()
      );

      -- uploaded files (annual work reports) live in the database: one backup, no shared disk between processes
      CREATE TABLE files (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sha256     text NOT NULL,
        name       text NOT NULL,
        mime       text NOT NULL,
        size       integer NOT NULL,
        content    bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE files, calendar_years, objections, year_results, station_results, grade_adjustments, item_scores, self_assessments,
      recognitions, month_records, station_years, assessment_years`);
  }
}
