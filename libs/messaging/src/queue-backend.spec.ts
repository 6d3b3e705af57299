import { createTestDatabase, TestDatabase, testRedisUrl } from '@app/testing';
import { randomBytes } from 'node:crypto';
import { QueueBackend } from './queue-backend';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const redisUrl = testRedisUrl();
const backends: [string, () => QueueBackend][] = [
  ['postgres', () => new QueueBackend({ databaseUrl: db.url, prefix: 't' + randomBytes(3).toString('hex') })],
  [
    redisUrl ? 'redis' : 'redis (NO REDIS: ran on postgres)',
    () => new QueueBackend({ redisUrl, databaseUrl: db.url, prefix: 't' + randomBytes(3).toString('hex') }),
  ],
];

describe.each(backends)('queue backend: %s', (_name, make) => {
  it('processes a job once, and a second add with the same job id is ignored', async () => {
    const backend = make();
    try {
      const seen: number[] = [];
      const done = new Promise<void>((resolve) => {
        backend.worker<{ n: number }>('work', async (job) => {
          seen.push(job.data.n);
          if (seen.length === 1) setTimeout(resolve, 300); // leave time for a duplicate to show up
          return job.data.n * 2;
        });
      });
      const q = backend.queue<{ n: number }>('work');
      await q.add('double', { n: 21 }, { jobId: 'job-1' });
      await q.add('double', { n: 21 }, { jobId: 'job-1' });
      await done;
      expect(seen).toEqual([21]);
      const job = await q.getJob('job-1');
      expect(job?.returnvalue).toBe(42);
      expect(await backend.ping()).toBe(true);
    } finally {
      await backend.close();
    }
  });
});
