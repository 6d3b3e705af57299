/** A request that clashes with what already exists (e.g. the year is already open): HTTP 409. */
export class DomainConflict extends Error {
  readonly code = 'CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'DomainConflict';
  }
}
