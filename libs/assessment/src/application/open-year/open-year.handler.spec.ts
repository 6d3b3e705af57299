import { ValidationError } from '../../domain';
import { DomainConflict } from '../conflict';
import { OpenYearCommand } from './open-year.command';
import { createHarness, eventsOf, Harness, PUBLICITY_POLICY, race, seedWorld, YEAR } from '../testing/handler-harness';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('OpenYearHandler', () => {
  it('opens the year bound to the policy in force, with one recording station year per active station', async () => {
    const w = await seedWorld(h);
    const result = await h.exec(new OpenYearCommand(w.coordinator, w.year));
    expect(result).toEqual({ assessmentYearId: expect.any(String), policyVersion: '2021-trial', stations: 2 });

    const [year] = await h.sql(`SELECT * FROM assessment_years WHERE id = $1`, [result.assessmentYearId]);
    expect(year).toMatchObject({ subdistrict_id: w.s.id, year: YEAR, policy_version: '2021-trial', state: 'opened', version: 1 });
    expect(year.snapshot).toMatchObject({
      machineId: 'assessmentYear', value: 'opened',
      context: { subdistrictId: w.s.id, year: YEAR, policyVersion: '2021-trial', publicityEnabled: false },
    });
    const stations = await h.sql(`SELECT station_id, state, version, late FROM station_years WHERE assessment_year_id = $1 ORDER BY station_id`, [result.assessmentYearId]);
    expect(stations).toEqual(
      w.s.stations.map((s) => ({ station_id: s.id, state: 'recording', version: 1, late: false })).sort((a, b) => a.station_id.localeCompare(b.station_id)),
    );

    const events = await eventsOf(h, w);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      stream_type: 'assessment_year', stream_id: result.assessmentYearId, type: 'YearOpened',
      actor_id: w.coordinator.userId, actor_role: 'coordinator', reason: null,
      payload: { assessmentYearId: result.assessmentYearId, year: YEAR, policyVersion: '2021-trial', stationIds: expect.arrayContaining(w.s.stations.map((s) => s.id)) },
    });
    expect(events[0].occurred_at.toISOString()).toBe(h.clock.now().toISOString());
  });

  it('leaves inactive stations out, and binds a named policy version (publicity switched on)', async () => {
    const w = await seedWorld(h);
    await h.sql(`UPDATE stations SET active = false WHERE id = $1`, [w.s.stations[1].id]);
    const result = await h.exec(new OpenYearCommand(w.coordinator, w.year, PUBLICITY_POLICY));
    expect(result).toMatchObject({ policyVersion: PUBLICITY_POLICY, stations: 1 });
    const [year] = await h.sql(`SELECT policy_version, snapshot FROM assessment_years WHERE id = $1`, [result.assessmentYearId]);
    expect(year.policy_version).toBe(PUBLICITY_POLICY);
    expect(year.snapshot.context.publicityEnabled).toBe(true);
  });

  it('refuses an unknown policy version, naming the field, and writes nothing', async () => {
    const w = await seedWorld(h);
    const error = await h.exec(new OpenYearCommand(w.coordinator, w.year, '1999-none')).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'policyVersion', reason: expect.stringContaining('2021-trial') });
    expect(await h.sql(`SELECT 1 FROM assessment_years WHERE subdistrict_id = $1`, [w.s.id])).toHaveLength(0);
    expect(await eventsOf(h, w)).toHaveLength(0);
  });

  it('refuses to open the same year twice (DomainConflict) and changes nothing', async () => {
    const w = await seedWorld(h);
    await h.exec(new OpenYearCommand(w.coordinator, w.year));
    const [before] = await h.sql(`SELECT version, state FROM assessment_years WHERE subdistrict_id = $1`, [w.s.id]);
    const error = await h.exec(new OpenYearCommand(w.coordinator, w.year)).catch((e) => e);
    expect(error).toBeInstanceOf(DomainConflict);
    expect(error.message).toContain(`${YEAR}`);
    expect(await h.sql(`SELECT version, state FROM assessment_years WHERE subdistrict_id = $1`, [w.s.id])).toEqual([before]);
    expect(await h.sql(`SELECT 1 FROM station_years WHERE subdistrict_id = $1`, [w.s.id])).toHaveLength(2);
    expect(await eventsOf(h, w)).toHaveLength(1);
  });

  it('two coordinators opening the same year at once: one opens it, the other gets DomainConflict', async () => {
    const w = await seedWorld(h);
    // both pass the "already open?" check, then wait on the table until the lock is released
    const results = await race(h, { sql: `LOCK TABLE assessment_years IN SHARE MODE` }, [
      () => h.exec(new OpenYearCommand(w.coordinator, w.year)),
      () => h.exec(new OpenYearCommand({ ...w.coordinator, userId: w.leader.userId }, w.year)),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(DomainConflict);
    expect(await h.sql(`SELECT 1 FROM assessment_years WHERE subdistrict_id = $1`, [w.s.id])).toHaveLength(1);
    expect(await h.sql(`SELECT 1 FROM station_years WHERE subdistrict_id = $1`, [w.s.id])).toHaveLength(2);
    expect(await eventsOf(h, w)).toHaveLength(1);
  });
});
