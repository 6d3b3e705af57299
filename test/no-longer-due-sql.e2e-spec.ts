/**
 * "No longer due" is one rule (STILL_DUE in libs/notices) with two evaluators: noLongerDue in TypeScript (a single
 * delivery) and noLongerDueSql in the inbox batch's one statement. On real PostgreSQL, every kind (and one the rule
 * does not know) × every station-year state (and none) × month recorded or not gives the same answer from both.
 */
import { STATION_YEAR_STATES } from '@app/assessment/domain';
import { createTestDatabase, TestDatabase } from '@app/testing';
import { noLongerDue, noLongerDueSql, STILL_DUE, stillDueRows } from '@app/notices';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

it('gives the same reason (or none) as the TypeScript rule for every kind, state and month fact', async () => {
  const kinds = [...Object.keys(STILL_DUE), 'result_notice', 'handoff'];
  const states: (string | null)[] = [...STATION_YEAR_STATES, null];
  const cases = kinds.flatMap((kind) => states.flatMap((state) => [false, true].map((monthRecorded) => ({ kind, state, monthRecorded }))));
  const rows: { i: number; reason: string | null }[] = await db.dataSource.query(
    `WITH rules AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(kind text, in_states text[], not_in_states text[], month_missing boolean)),
          c AS (SELECT * FROM jsonb_to_recordset($2::jsonb) AS y(i int, kind text, state text, month_recorded boolean))
     SELECT c.i, ${noLongerDueSql('r', 'c.state', 'c.month_recorded')} AS reason FROM c LEFT JOIN rules r ON r.kind = c.kind ORDER BY c.i`,
    [JSON.stringify(stillDueRows()), JSON.stringify(cases.map((c, i) => ({ i, kind: c.kind, state: c.state, month_recorded: c.monthRecorded })))],
  );
  expect(rows).toHaveLength(cases.length);
  const differ = cases.flatMap((c, i) => {
    const ts = noLongerDue(c.kind, { state: c.state, monthRecorded: c.monthRecorded });
    return rows[i].reason === ts ? [] : [`${c.kind} ${c.state} ${c.monthRecorded}: sql ${rows[i].reason}, ts ${ts}`];
  });
  expect(differ).toEqual([]);
  // not trivially equal: both lapse and keep notices
  expect(rows.filter((r) => r.reason === null).length).toBeGreaterThan(10);
  expect(rows.filter((r) => r.reason !== null).length).toBeGreaterThan(10);
});
