import { MigrationInterface, QueryRunner } from 'typeorm';

/** Event store (append-only, enforced by the database), outbox, idempotency keys. */
export class Foundation1764300000000 implements MigrationInterface {
  name = 'Foundation1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        id             bigserial PRIMARY KEY,
        stream_type    text        NOT NULL,
        stream_id      text        NOT NULL,
        subdistrict_id uuid,
        type           text        NOT NULL,
        payload        jsonb       NOT NULL DEFAULT '{}',
        actor_id       text        NOT NULL,
        actor_role     text        NOT NULL,
        reason         text,
        occurred_at    timestamptz NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX events_stream_idx ON events (stream_type, stream_id, id);
      CREATE INDEX events_subdistrict_idx ON events (subdistrict_id, id);

      CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION events_refuse_change();
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
        FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

      CREATE TABLE outbox (
        id         bigserial PRIMARY KEY,
        queue      text        NOT NULL,
        name       text        NOT NULL,
        payload    jsonb       NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        relayed_at timestamptz
      );
      CREATE INDEX outbox_pending_idx ON outbox (id) WHERE relayed_at IS NULL;

      CREATE TABLE idempotency_keys (
        scope        text        NOT NULL,
        key          text        NOT NULL,
        request_hash text        NOT NULL,
        status       integer     NOT NULL,
        body         jsonb,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE idempotency_keys; DROP TABLE outbox;
      DROP TABLE events; DROP FUNCTION events_refuse_change();
    `);
  }
}
