/**
 * Domain errors. Other layers map `code` to transport errors:
 * STATE_CONFLICT / VERSION_CONFLICT → 409, VALIDATION_FAILED → 400, NOT_FOUND → 404,
 * INCOMPATIBLE_SNAPSHOT → 500 (stored data needs a migration, not a client fix).
 */
export type DomainErrorCode =
  | 'STATE_CONFLICT'
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'INCOMPATIBLE_SNAPSHOT';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** True when the same command may succeed if simply retried (e.g. after reloading). */
  readonly retryable: boolean = false;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The event has no enabled transition in the current state (unknown there, or a guard said no). */
export class TransitionRefusedError extends DomainError {
  readonly code = 'STATE_CONFLICT' as const;

  constructor(
    readonly state: string,
    readonly event: string,
    /** Event types the current state declares (guards may still refuse them). */
    readonly allowed: readonly string[],
    /** Why a declared event was refused by a guard; undefined when the event is not declared here. */
    readonly reason?: string,
    /** Facts a person needs to act on the refusal (e.g. `windowOpens: '12-01'`): the API words its message from them. */
    readonly facts: Readonly<Record<string, string>> = {},
  ) {
    super(
      reason
        ? `event ${event} is refused in state "${state}": ${reason}`
        : `event ${event} is not allowed in state "${state}"; allowed: ${allowed.length ? allowed.join(', ') : '(none)'}`,
    );
  }
}

export interface Problem {
  field: string;
  reason: string;
}

/** Refused input, with every problem found (not only the first): `field`/`reason` name the first one. */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED' as const;
  readonly details: Problem[];

  constructor(
    readonly field: string,
    readonly reason: string,
    more: Problem[] = [],
  ) {
    super([{ field, reason }, ...more].map((p) => `${p.field}: ${p.reason}`).join('; '));
    this.details = [{ field, reason }, ...more];
  }

  /** One error for all the problems found; nothing to throw when there is none. */
  static of(problems: Problem[]): ValidationError | undefined {
    if (!problems.length) return undefined;
    const [first, ...more] = problems;
    return new ValidationError(first.field, first.reason, more);
  }

  /** Runs every check, collecting the ValidationErrors they throw; throws them together at the end. */
  static collect(...checks: (() => unknown)[]): void {
    const problems: Problem[] = [];
    for (const check of checks) {
      try {
        check();
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        problems.push(...e.details);
      }
    }
    const all = ValidationError.of(problems);
    if (all) throw all;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;

  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** Optimistic-lock failure (`UPDATE … WHERE version = :v` hit 0 rows): reload and retry. */
export class VersionConflictError extends DomainError {
  readonly code = 'VERSION_CONFLICT' as const;
  override readonly retryable = true;

  constructor(
    readonly entity: string,
    readonly id: string,
    readonly expectedVersion?: number,
  ) {
    super(
      `${entity} ${id} was changed by someone else` +
        (expectedVersion === undefined ? '' : ` (expected version ${expectedVersion})`) +
        '; reload and retry',
    );
  }
}

/** A stored snapshot does not belong to this machine or this machine version. */
export class IncompatibleSnapshotError extends DomainError {
  readonly code = 'INCOMPATIBLE_SNAPSHOT' as const;

  constructor(
    readonly machineId: string,
    message: string,
  ) {
    super(message);
    this.name = 'HandOffRefusedError';
  }
}

/** Runs `run`, adding `facts` to a TransitionRefusedError it throws (what a person needs to know to act on it). */
export function withFacts<T>(facts: Record<string, string>, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (!(e instanceof TransitionRefusedError)) throw e;
    throw new TransitionRefusedError(e.state, e.event, e.allowed, e.reason, { ...e.facts, ...facts });
  }
}

/**
 * A hand-off refused because something it needs is missing (a month not recorded, a departure not explained, a
 * recipient who cannot read the notice). 409; the message (Chinese) says what is missing and what to do, the
 * details name each case.
 */
export class HandOffRefusedError extends Error {
  constructor(
    readonly code: 'MONTHS_MISSING' | 'DEPARTURES_UNEXPLAINED' | 'RECIPIENTS_UNREACHABLE',
    message: string,
    readonly details: { field: string; reason: string }[],
  ) {
    super(message);
    this.name = 'HandOffRefusedError';
  }
}
