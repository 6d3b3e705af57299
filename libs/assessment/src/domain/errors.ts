/**
 * Domain errors. Other layers map `code` to transport errors:
 * STATE_CONFLICT / VERSION_CONFLICT → 409, VALIDATION → 400, NOT_FOUND → 404,
 * INCOMPATIBLE_SNAPSHOT → 500 (stored data needs a migration, not a client fix).
 */
export type DomainErrorCode =
  | 'STATE_CONFLICT'
  | 'VALIDATION'
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
  ) {
    super(
      reason
        ? `event ${event} is refused in state "${state}": ${reason}`
        : `event ${event} is not allowed in state "${state}"; allowed: ${allowed.length ? allowed.join(', ') : '(none)'}`,
    );
  }
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION' as const;

  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
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
  }
}
