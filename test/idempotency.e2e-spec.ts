/**
 * Idempotency-Key, the failure cases: the key is marked done in the command's own transaction (never one without
 * the other; a request whose claim was taken over cannot commit); an in-progress key expires so a crash does not
 * mean 409 for ever; an answer lost after the commit is not run again; a multipart request is hashed with its
 * file, so another file under the same key is refused, not replayed; old keys expire and are cleaned up.
 */
import { randomUUID } from 'node:crypto';
import { appendEvents, IdempotencyClaimLostError, runWithIdempotencyClaim, Sql } from '@app/persistence';
import { createTestApp, seedSubdistrict, SeededSubdistrict, TestApp } from '@app/testing';
import { requestHash } from '../apps/api/src/http/idempotency.interceptor';

jest.setTimeout(120_000);
let t: TestApp;
let s: SeededSubdistrict;
const q = (sql: string, params?: unknown[]) => t.db.dataSource.query(sql, params);

beforeAll(async () => {
  t = await createTestApp({ withWorker: false, redis: false });
  s = await seedSubdistrict(t.db.dataSource, { stations: [{ name: '城东派出所', kind: 'independent', department: '区公安分局', staff: ['张建国'] }] });
});
afterAll(async () => {
  await t?.close();
});

const keyRow = async (key: string) => (await q(`SELECT status, committed_at, claim_id FROM idempotency_keys WHERE key = $1`, [key]))[0];
const eventCount = async () => (await q(`SELECT count(*)::int AS n FROM events`))[0].n as number;
const openYear = (year: number, key: string) =>
  t.http.post(`/subdistricts/${s.id}/years`).set(t.as(s.users.coordinator)).set('Idempotency-Key', key).send({ year });

it('cleans up expired keys as requests come (the first keyed request of a process starts a clean-up)', async () => {
  await q(`INSERT INTO idempotency_keys (scope, key, request_hash, status, created_at)
           SELECT 'someone', 'old-' || g, 'h', 200, now() - interval '25 hours' FROM generate_series(1, 30) g`);
  await q(`INSERT INTO idempotency_keys (scope, key, request_hash, status) VALUES ('someone', 'recent', 'h', 200)`);
  await openYear(2030, 'cleanup-trigger').expect(201);
  const until = Date.now() + 10_000;
  let left = 30;
  while (left > 0 && Date.now() < until) {
    left = (await q(`SELECT count(*)::int AS n FROM idempotency_keys WHERE key LIKE 'old-%'`))[0].n;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(left).toBe(0);
  expect(await keyRow('recent')).toBeDefined();
});

it('an expired key is free again: the same key with another request acts instead of answering 422', async () => {
  await openYear(2031, 'reused-after-a-day').expect(201);
  await openYear(2032, 'reused-after-a-day').expect(422);
  await q(`UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'reused-after-a-day'`);
  await openYear(2032, 'reused-after-a-day').expect(201);
});

describe('the key is marked done in the command’s transaction', () => {
  const sql = () => new Sql(t.runtime.dataSource);
  const claimRow = async (key: string) => {
    const claimId = randomUUID();
    await q(`INSERT INTO idempotency_keys (scope, key, request_hash, status, claim_id) VALUES ('tx-test', $1, 'h', 0, $2)`, [key, claimId]);
    return { scope: 'tx-test', key, claimId };
  };
  const probe = (tx: { query(sql: string, p?: unknown[]): Promise<any> }) => appendEvents(tx, [{
    streamType: 'test', streamId: 'idempotency', subdistrictId: null, type: 'Probe', payload: {},
    actorId: 'test', actorRole: 'admin', occurredAt: new Date(),
  }]);

  it('commits with the command', async () => {
    const claim = await claimRow('tx-commits');
    const before = await eventCount();
    await runWithIdempotencyClaim(claim, () => sql().transaction(probe));
    expect(await eventCount()).toBe(before + 1);
    expect((await keyRow('tx-commits')).committed_at).not.toBeNull();
  });

  it('stays undone when the command fails', async () => {
    const claim = await claimRow('tx-fails');
    await expect(runWithIdempotencyClaim(claim, () => sql().transaction(async (tx) => {
      await probe(tx);
      throw new Error('the command failed');
    }))).rejects.toThrow('the command failed');
    expect((await keyRow('tx-fails')).committed_at).toBeNull();
  });

  it('a command whose claim was taken over rolls back (it acts once)', async () => {
    const claim = await claimRow('tx-taken-over');
    await q(`UPDATE idempotency_keys SET claim_id = $2 WHERE key = $1`, ['tx-taken-over', randomUUID()]); // a retry took it
    const before = await eventCount();
    await expect(runWithIdempotencyClaim(claim, () => sql().transaction(probe))).rejects.toBeInstanceOf(IdempotencyClaimLostError);
    expect(await eventCount()).toBe(before);
  });

  it('the same through the TransactionRunner (master data, auth)', async () => {
    const claim = await claimRow('tx-runner');
    await runWithIdempotencyClaim(claim, () => t.runtime.tx.run((tx) => probe(tx)));
    expect((await keyRow('tx-runner')).committed_at).not.toBeNull();
  });

  it('an HTTP command marks its key in the very transaction that appends its events', async () => {
    // triggers note the transaction id of each event insert and of the key's committed_at being set
    await q(`CREATE TABLE tx_probe (what text, txid bigint)`);
    await q(`CREATE FUNCTION tx_probe_note() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN INSERT INTO tx_probe VALUES (TG_TABLE_NAME, txid_current()); RETURN NULL; END $$`);
    await q(`CREATE TRIGGER tx_probe_events AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION tx_probe_note()`);
    await q(`CREATE TRIGGER tx_probe_keys AFTER UPDATE ON idempotency_keys FOR EACH ROW
             WHEN (OLD.committed_at IS NULL AND NEW.committed_at IS NOT NULL) EXECUTE FUNCTION tx_probe_note()`);
    try {
      await openYear(2033, 'http-commits').expect(201);
      const notes: { what: string; txid: string }[] = await q(`SELECT what, txid::text FROM tx_probe`);
      const eventTx = new Set(notes.filter((n) => n.what === 'events').map((n) => n.txid));
      const keyTx = notes.filter((n) => n.what === 'idempotency_keys').map((n) => n.txid);
      expect(eventTx.size).toBe(1);
      expect(keyTx).toEqual([...eventTx]);
      expect((await keyRow('http-commits')).status).toBe(201);
    } finally {
      await q(`DROP TRIGGER tx_probe_events ON events; DROP TRIGGER tx_probe_keys ON idempotency_keys; DROP TABLE tx_probe`);
    }
  });
});

describe('in progress, crashed, lost', () => {
  const url = () => `/subdistricts/${s.id}/years`;
  /** A key as a request that crashed left it: claimed, not committed, no answer. */
  const crashedBeforeCommit = (key: string, year: number, claimedAgo: string) => q(
    `INSERT INTO idempotency_keys (scope, key, request_hash, status, claim_id, claimed_at)
     VALUES ($1, $2, $3, 0, $4, now() - $5::interval)`,
    [s.users.coordinator.id, key, requestHash({ method: 'POST', originalUrl: url(), body: { year } }), randomUUID(), claimedAgo],
  );

  it('a retry while the first runs gets 409 retryable; after the in-progress timeout it takes the key over and acts once', async () => {
    await crashedBeforeCommit('crashed', 2034, '1 second');
    const busy = await openYear(2034, 'crashed').expect(409);
    expect(busy.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', retryable: true });
    await q(`UPDATE idempotency_keys SET claimed_at = now() - interval '3 minutes' WHERE key = 'crashed'`); // default timeout 2 min
    const before = await eventCount();
    const taken = await openYear(2034, 'crashed').expect(201);
    expect(await eventCount()).toBeGreaterThan(before);
    const replay = await openYear(2034, 'crashed').expect(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(taken.body);
  });

  it('a command that committed but whose answer was lost is not run again', async () => {
    await openYear(2035, 'answer-lost').expect(201);
    // as if the process died between the command's commit and storing its answer
    await q(`UPDATE idempotency_keys SET status = 0, body = NULL, claimed_at = now() - interval '3 minutes' WHERE key = 'answer-lost'`);
    const before = await eventCount();
    const res = await openYear(2035, 'answer-lost').expect(409);
    expect(res.body.code).toBe('IDEMPOTENCY_ANSWER_LOST');
    expect(await eventCount()).toBe(before);
  });
});

it('a multipart request is hashed with its file: another file under the same key is refused, the same one replayed', async () => {
  await t.http.post(`/subdistricts/${s.id}/departments`).set(t.as(s.users.admin)).send({ name: '区市场监督管理局', kind: 'dispatching' }).expect(201);
  const csv = (name: string) => Buffer.from(`站所名称,类型,派出部门,负责人,编制人数,纳入四个平台\n${name},独立派驻,区市场监督管理局,,6,是\n`, 'utf8');
  const upload = (file: Buffer) => t.http.post(`/subdistricts/${s.id}/imports/stations`).set(t.as(s.users.admin))
    .set('Idempotency-Key', 'import-1').attach('file', file, 'stations.csv');
  const first = await upload(csv('城东市场监督管理所')).expect(201);
  const replay = await upload(csv('城东市场监督管理所')).expect(201);
  expect(replay.headers['idempotent-replayed']).toBe('true');
  expect(replay.body).toEqual(first.body);
  const other = await upload(csv('城东交警中队')).expect(422);
  expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
  expect((await q(`SELECT count(*)::int AS n FROM stations WHERE name = '城东交警中队'`))[0].n).toBe(0);
});
