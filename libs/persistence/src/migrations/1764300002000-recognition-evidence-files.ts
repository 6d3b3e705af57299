import { MigrationInterface, QueryRunner } from 'typeorm';

/** A recognition's evidence may come with a file (a scan of the certificate, the bulletin as PDF). */
export class RecognitionEvidenceFiles1764300002000 implements MigrationInterface {
  name = 'RecognitionEvidenceFiles1764300002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recognitions ADD COLUMN evidence_file jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recognitions DROP COLUMN evidence_file`);
  }
}
