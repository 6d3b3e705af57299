import { CallHandler, Injectable, NestInterceptor, Param, ParseUUIDPipe } from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { MasterDataError, MasterDataErrorCode } from '@app/master-data';
import { ApiError } from '../http/api-error';

const STATUS: Record<MasterDataErrorCode, number> = {
  VALIDATION_FAILED: 400,
  IMPORT_FAILED: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

/** Master-data errors become the API's error body (the inner interceptor: idempotency sees the ApiError). */
@Injectable()
export class MasterDataErrors implements NestInterceptor {
  intercept(_ctx: unknown, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e) => throwError(() => (e instanceof MasterDataError ? new ApiError(STATUS[e.code], e.code, e.message, e.details) : e))),
    );
  }
}

/** A route parameter that must be a UUID (400 naming it otherwise). */
export const UuidParam = (name: string) =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => ApiError.badRequest(name, 'must be a UUID') }));
