import { ASSESSMENT_YEAR_MACHINE_VERSION, assessmentYearMachine } from './assessment-year.machine';
import {
  DomainError,
  IncompatibleSnapshotError,
  NotFoundError,
  TransitionRefusedError,
  ValidationError,
  VersionConflictError,
} from './errors';
import {
  allowedEvents,
  applyEvent,
  canApply,
  machineVersionOf,
  restoreSnapshot,
  startSnapshot,
} from './machine-runtime';
import { STATION_YEAR_MACHINE_VERSION, stationYearMachine as M } from './station-year.machine';

const UNTIL = '2027-01-10T15:59:59.999Z';

function extended() {
  let s = startSnapshot(M, { stationId: 'st-1', year: 2026 });
  for (const e of [
    { type: 'WINDOW_OPENED', deadline: '2026-12-31T15:59:59.999Z' },
    { type: 'DEADLINE_PASSED' },
    { type: 'EXTENSION_GRANTED', until: UNTIL, reason: '负责人住院' },
  ] as const) {
    s = applyEvent(M, s, e).snapshot;
  }
  return s;
}

describe('machine runtime', () => {
  it('stamps snapshots with machine id and version', () => {
    const s = startSnapshot(M, { stationId: 'st-1', year: 2026 });
    expect(s).toMatchObject({ machineId: 'stationYear', machineVersion: STATION_YEAR_MACHINE_VERSION, status: 'active' });
    expect(machineVersionOf(M)).toBe(1);
    expect(machineVersionOf(assessmentYearMachine)).toBe(ASSESSMENT_YEAR_MACHINE_VERSION);
  });

  it('a persisted snapshot survives a JSON round trip and restores to the same state', () => {
    const s = extended();
    const stored = JSON.parse(JSON.stringify(s));
    const live = restoreSnapshot(M, stored);
    expect(live.value).toBe('extended');
    expect(live.context).toEqual(s.context);
    expect(allowedEvents(M, stored)).toEqual(allowedEvents(M, s));
    // …and keeps working: the guard still sees the extended date.
    expect(canApply(M, stored, { type: 'SUBMIT', at: '2027-01-11T00:00:00Z' })).toBe(false);
    const r = applyEvent(M, stored, { type: 'SUBMIT', at: '2027-01-09T00:00:00Z' });
    expect(r).toMatchObject({ state: 'submittedLate', previousState: 'extended', changed: true });
    expect(JSON.parse(JSON.stringify(r.snapshot))).toEqual(r.snapshot);
  });

  it('does not mutate the snapshot it is given', () => {
    const s = extended();
    const copy = structuredClone(s);
    applyEvent(M, s, { type: 'SUBMIT', at: '2027-01-09T00:00:00Z' });
    expect(s).toEqual(copy);
  });

  it('refuses a snapshot of another machine version', () => {
    const stored = { ...extended(), machineVersion: 2 };
    expect(() => restoreSnapshot(M, stored)).toThrow(IncompatibleSnapshotError);
    expect(() => applyEvent(M, stored, { type: 'DRAFT_SAVED' })).toThrow(
      'snapshot of stationYear machine version 2 cannot be restored by version 1; migrate the stored snapshot first',
    );
    const { machineVersion: _dropped, ...unversioned } = extended();
    expect(() => allowedEvents(M, unversioned)).toThrow(/version undefined/);
  });

  it('refuses a snapshot of another machine, an unknown state, or garbage', () => {
    const year = startSnapshot(assessmentYearMachine, {
      subdistrictId: 'sd-1',
      year: 2026,
      policyVersion: '2021-trial',
      publicityEnabled: false,
    });
    expect(() => restoreSnapshot(M, year)).toThrow('snapshot belongs to machine "assessmentYear", not "stationYear"');
    expect(() => restoreSnapshot(M, { ...extended(), value: 'archived' })).toThrow(/state "archived"/);
    expect(() => restoreSnapshot(M, { ...extended(), value: 'toString' })).toThrow(IncompatibleSnapshotError);
    expect(() => restoreSnapshot(M, null)).toThrow(IncompatibleSnapshotError);
    expect(() => restoreSnapshot(M, 'recording')).toThrow(IncompatibleSnapshotError);
  });

  it('rejects a malformed event as a validation error', () => {
    expect(() => applyEvent(M, extended(), {} as never)).toThrow(ValidationError);
  });
});

describe('domain errors', () => {
  it('carry codes for the transport layer', () => {
    const refused = new TransitionRefusedError('recording', 'SUBMIT', ['WINDOW_OPENED', 'MONTH_RECORDED']);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toBeInstanceOf(Error);
    expect(refused).toMatchObject({ code: 'STATE_CONFLICT', name: 'TransitionRefusedError', retryable: false });
    expect(refused.message).toBe('event SUBMIT is not allowed in state "recording"; allowed: WINDOW_OPENED, MONTH_RECORDED');

    expect(new ValidationError('until', 'must be an ISO instant')).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'until',
      reason: 'must be an ISO instant',
      message: 'until: must be an ISO instant',
    });
    expect(new NotFoundError('station', 'st-9')).toMatchObject({ code: 'NOT_FOUND', message: 'station st-9 not found' });
    const conflict = new VersionConflictError('stationYear', 'st-1/2026', 4);
    expect(conflict).toMatchObject({ code: 'VERSION_CONFLICT', retryable: true, expectedVersion: 4 });
    expect(conflict.message).toMatch(/expected version 4/);
    expect(new IncompatibleSnapshotError('stationYear', 'x')).toMatchObject({ code: 'INCOMPATIBLE_SNAPSHOT' });
  });
});
