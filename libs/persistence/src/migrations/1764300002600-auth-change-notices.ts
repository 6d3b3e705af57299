import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change that can refuse a user's tokens — a users row updated or deleted, a session revoked (or recorded
 * revoked, or deleted) — tells every API process at commit (NOTIFY auth_changed, payload the user's id; '*' after a
 * TRUNCATE), so an API process may keep the actors it has looked up and forget a user's the moment it changes
 * (CredentialCache). A session's ordinary writes (login's INSERT, a refresh moving expires_at) say nothing.
 */
export class AuthChangeNotices1764300002600 implements MigrationInterface {
  name = 'AuthChangeNotices1764300002600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('auth_changed', '*');
        ELSIF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('auth_changed', OLD.id::text);
        ELSIF TG_OP = 'INSERT' THEN
          PERFORM pg_notify('auth_changed', NEW.user_id::text);
        ELSE
          PERFORM pg_notify('auth_changed', OLD.user_id::text);
          IF TG_OP = 'UPDATE' AND NEW.user_id IS DISTINCT FROM OLD.user_id THEN PERFORM pg_notify('auth_changed', NEW.user_id::text); END IF;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER users_auth_changed AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_auth_changed();
      CREATE TRIGGER users_auth_truncated AFTER TRUNCATE ON users FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
      CREATE TRIGGER sessions_auth_revoked AFTER INSERT ON auth_sessions FOR EACH ROW WHEN (NEW.revoked_at IS NOT NULL)
        EXECUTE FUNCTION notify_auth_changed();
      CREATE TRIGGER sessions_auth_changed AFTER UPDATE ON auth_sessions FOR EACH ROW
        WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at OR NEW.user_id IS DISTINCT FROM OLD.user_id OR NEW.id IS DISTINCT FROM OLD.id)
        EXECUTE FUNCTION notify_auth_changed();
      CREATE TRIGGER sessions_auth_deleted AFTER DELETE ON auth_sessions FOR EACH ROW EXECUTE FUNCTION notify_auth_changed();
      CREATE TRIGGER sessions_auth_truncated AFTER TRUNCATE ON auth_sessions FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER sessions_auth_truncated ON auth_sessions;
      DROP TRIGGER sessions_auth_deleted ON auth_sessions;
      DROP TRIGGER sessions_auth_changed ON auth_sessions;
      DROP TRIGGER sessions_auth_revoked ON auth_sessions;
      DROP TRIGGER users_auth_truncated ON users;
      DROP TRIGGER users_auth_changed ON users;
      DROP FUNCTION notify_auth_changed();
    `);
  }
}
