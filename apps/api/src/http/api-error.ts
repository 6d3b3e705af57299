import { HttpException } from '@nestjs/common';

export interface ErrorDetail {
  field: string;
  reason: string;
}

/** The one error body of the API: {code, message, details: [{field, reason}]}. */
export class ApiError extends HttpException {
  constructor(status: number, code: string, message: string, details: ErrorDetail[] = [], extra: Record<string, unknown> = {}) {
    super({ code, message, details, ...extra }, status);
  }
  static badRequest(field: string, reason: string) {
    return ApiError.invalid([{ field, reason }]);
  }
  /** Every problem of a request in one answer. */
  static invalid(details: ErrorDetail[]) {
    return new ApiError(400, 'VALIDATION_FAILED', details.map((d) => `${d.field}: ${d.reason}`).join('; '), details);
  }
  static notFound(what: string) {
    return new ApiError(404, 'NOT_FOUND', `${what} not found`);
  }
  static forbidden(message = 'not allowed') {
    return new ApiError(403, 'FORBIDDEN', message);
  }
  static unauthorized(message = 'authentication required') {
    return new ApiError(401, 'UNAUTHENTICATED', message);
  }
  static conflict(code: string, message: string, extra: Record<string, unknown> = {}) {
    return new ApiError(409, code, message, [], extra);
  }
}
