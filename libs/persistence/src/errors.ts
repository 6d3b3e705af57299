/** The row changed since it was read: the caller may reload and retry. */
export class OptimisticLockError extends Error {
  readonly retryable = true;
  constructor(readonly table: string, readonly id: string, readonly expectedVersion: number) {
    super(`${table} ${id} was changed by someone else (expected version ${expectedVersion}); reload and retry`);
    this.name = 'OptimisticLockError';
  }
}
