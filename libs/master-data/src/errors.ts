/** A field and why its value was refused; for imports the field is `row N: 列名`. */
export interface Problem {
  field: string;
  reason: string;
}

export type MasterDataErrorCode = 'VALIDATION_FAILED' | 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'IMPORT_FAILED';

/** What master-data rules refuse; the API maps `code` to an HTTP status. */
export class MasterDataError extends Error {
  constructor(readonly code: MasterDataErrorCode, message: string, readonly details: Problem[] = []) {
    super(message);
    this.name = 'MasterDataError';
  }

  static invalid(field: string, reason: string) {
    return new MasterDataError('VALIDATION_FAILED', `${field}: ${reason}`, [{ field, reason }]);
  }
  static notFound(what: string) {
    return new MasterDataError('NOT_FOUND', `${what} not found`);
  }
  static forbidden(message: string) {
    return new MasterDataError('FORBIDDEN', message);
  }
  static conflict(message: string) {
    return new MasterDataError('CONFLICT', message);
  }
  static importFailed(details: Problem[]) {
    const shown = details.slice(0, 3).map((d) => `${d.field}: ${d.reason}`).join('; ');
    const more = details.length > 3 ? ` (and ${details.length - 3} more)` : '';
    return new MasterDataError('IMPORT_FAILED', `nothing was imported: ${shown}${more}`, details);
  }
}
