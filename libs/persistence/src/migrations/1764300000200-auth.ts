import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Authentication: deployment settings (the generated JWT secret), login sessions (one per login; a session is a
 * refresh-token family), rotated refresh tokens (stored as SHA-256 hashes) and API tokens for integrations.
 */
export class Auth1764300000200 implements MigrationInterface {
  name = 'Auth1764300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE settings (
        key        text PRIMARY KEY,
        value      text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE auth_sessions (
        id             uuid PRIMARY KEY,
        user_id        uuid NOT NULL REFERENCES users(id),
        created_at     timestamptz NOT NULL,
        expires_at     timestamptz NOT NULL,
        revoked_at     timestamptz,
        revoked_reason text
      );
      CREATE INDEX auth_sessions_user_idx ON auth_sessions (user_id) WHERE revoked_at IS NULL;

      CREATE TABLE refresh_tokens (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        session_id  uuid NOT NULL REFERENCES auth_sessions(id) ON DELETE CASCADE,
        token_hash  text NOT NULL UNIQUE,
        created_at  timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL,
        rotated_at  timestamptz
      );
      CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

      CREATE TABLE api_tokens (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name           text NOT NULL,
        token_hash     text NOT NULL UNIQUE,
        role           text NOT NULL CHECK (role IN ('station', 'command_room', 'coordinator', 'leader')),
        subdistrict_id uuid NOT NULL REFERENCES subdistricts(id),
        station_id     uuid REFERENCES stations(id),
        created_by     uuid NOT NULL REFERENCES users(id),
        created_at     timestamptz NOT NULL,
        expires_at     timestamptz,
        revoked_at     timestamptz,
        revoked_by     uuid REFERENCES users(id),
        last_used_at   timestamptz,
        CHECK ((role = 'station') = (station_id IS NOT NULL))
      );
      CREATE INDEX api_tokens_subdistrict_idx ON api_tokens (subdistrict_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_tokens; DROP TABLE refresh_tokens; DROP TABLE auth_sessions; DROP TABLE settings;`);
  }
}
