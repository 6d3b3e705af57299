import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `commit_check(ok, n)`: raises SQLSTATE AS409 with message n when ok is false. A command that commits in one
 * statement (write-step.ts) calls it on each write that must have happened — its versioned row update, its
 * idempotency claim — so a lost race writes nothing at all, without a transaction block around the statement.
 */
export class CommitCheck1764300002100 implements MigrationInterface {
  name = 'CommitCheck1764300002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION commit_check(ok boolean, n int) RETURNS boolean LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        IF NOT ok THEN RAISE EXCEPTION '%', n USING ERRCODE = 'AS409'; END IF;
        RETURN true;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION commit_check(boolean, int)`);
  }
}
