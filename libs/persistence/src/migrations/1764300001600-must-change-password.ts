import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A password an administrator set is a temporary one: the user must choose their own at the next login.
 * Existing users keep working as before (false).
 */
export class MustChangePassword1764300001600 implements MigrationInterface {
  name = 'MustChangePassword1764300001600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN must_change_password`);
  }
}
