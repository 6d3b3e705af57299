import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Traceable notices and claimed deliveries:
 * - notices.occasion_label: what the notice was for people (12月15日自评提醒, 1月4日逾期通知); with created_at (its
 *   issue time) the inbox, the deliveries list and the board show and filter by it;
 * - deliveries.claimed_until: a worker claims a delivery for a short lease, sends outside any transaction, then
 *   records the outcome; a claim that outlives its lease (a killed worker) may be taken again;
 * - work-chat channels: DingTalk and WeCom robots beside inbox, webhook and e-mail, configured per department,
 *   station or user (the robot's access token or key; DingTalk's signing secret).
 */
export class NoticeOccasions1764300001200 implements MigrationInterface {
  name = 'NoticeOccasions1764300001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE notices ADD COLUMN occasion_label text;
      CREATE INDEX notices_occasion_label_idx ON notices (subdistrict_id, occasion_label);
      ALTER TABLE deliveries ADD COLUMN claimed_until timestamptz;
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_channel_check;
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_channel_check CHECK (channel IN ('inbox', 'webhook', 'email', 'dingtalk', 'wecom'));
      ALTER TABLE stations ADD COLUMN dingtalk_token text, ADD COLUMN dingtalk_secret text, ADD COLUMN wecom_key text;
      ALTER TABLE departments ADD COLUMN dingtalk_token text, ADD COLUMN dingtalk_secret text, ADD COLUMN wecom_key text;
      ALTER TABLE users ADD COLUMN dingtalk_token text, ADD COLUMN dingtalk_secret text, ADD COLUMN wecom_key text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users DROP COLUMN dingtalk_token, DROP COLUMN dingtalk_secret, DROP COLUMN wecom_key;
      ALTER TABLE departments DROP COLUMN dingtalk_token, DROP COLUMN dingtalk_secret, DROP COLUMN wecom_key;
      ALTER TABLE stations DROP COLUMN dingtalk_token, DROP COLUMN dingtalk_secret, DROP COLUMN wecom_key;
      ALTER TABLE deliveries DROP CONSTRAINT deliveries_channel_check;
      ALTER TABLE deliveries ADD CONSTRAINT deliveries_channel_check CHECK (channel IN ('inbox', 'webhook', 'email'));
      ALTER TABLE deliveries DROP COLUMN claimed_until;
      DROP INDEX notices_occasion_label_idx;
      ALTER TABLE notices DROP COLUMN occasion_label;
    `);
  }
}
