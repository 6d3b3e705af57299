import { MigrationInterface, QueryRunner } from 'typeorm';

/** "What I did recently" (已办 on the console's home page, GET /me/todo) reads the newest events of one actor. */
export class EventsByActor1764300001400 implements MigrationInterface {
  name = 'EventsByActor1764300001400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS events_actor_idx ON events (actor_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS events_actor_idx`);
  }
}
