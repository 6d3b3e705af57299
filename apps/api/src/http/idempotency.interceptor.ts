import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, map, mergeMap } from 'rxjs/operators';
import { ApiError } from './api-error';
import { mapError } from './error.filter';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * `Idempotency-Key` on a write: the first answer is stored (per caller and key) and returned again for a retry
 * of the same request, so a retried command acts once. The same key with a different request is refused (422);
 * a retry while the first is still running gets 409. Server errors and retryable conflicts are not stored.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly db: DataSource) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest();
    const res = ctx.switchToHttp().getResponse();
    const key: string | undefined = req.headers['idempotency-key'];
    if (!key || !WRITE_METHODS.has(req.method)) return next.handle();
    if (key.length > 200) return throwError(() => ApiError.badRequest('Idempotency-Key', 'at most 200 characters'));
    const scope = req.actor?.userId ?? 'anonymous';
    const hash = createHash('sha256')
      .update(`${req.method} ${req.originalUrl ?? req.url}\n${JSON.stringify(req.body ?? {})}`)
      .digest('hex');

    return from(this.claim(scope, key, hash)).pipe(
      mergeMap((prior) => {
        if (prior) {
          res.status(prior.status).setHeader('Idempotent-Replayed', 'true');
          return of(prior.body);
        }
        return next.handle().pipe(
          // the answer is stored before it is sent, so an immediate retry already finds it; if storing fails the
          // key is released (a retry then acts again, as without a key) rather than left "in progress"
          mergeMap((body) =>
            from(this.store(scope, key, res.statusCode, body).catch(() => this.release(scope, key).catch(() => undefined))).pipe(map(() => body)),
          ),
          catchError((error) => {
            const { status, body } = mapError(error);
            const keep = status >= 400 && status < 500 && !body.retryable;
            const done = keep ? this.store(scope, key, status, body, true) : this.release(scope, key);
            return from(done).pipe(mergeMap(() => throwError(() => error)));
          }),
        );
      }),
    );
  }

  /** Returns the stored answer of a previous identical request, or null when this request may proceed. */
  private async claim(scope: string, key: string, hash: string): Promise<{ status: number; body: any } | null> {
    const inserted = await this.db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status) VALUES ($1, $2, $3, 0)
       ON CONFLICT DO NOTHING RETURNING key`,
      [scope, key, hash],
    );
    if (inserted.length) return null;
    const [row] = await this.db.query(`SELECT request_hash, status, body FROM idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
    if (!row) return this.claim(scope, key, hash); // released in between: try again
    if (row.request_hash !== hash) {
      throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
    }
    if (row.status === 0) throw ApiError.conflict('IDEMPOTENCY_IN_PROGRESS', 'the first request with this key is still running', { retryable: true });
    if (row.body?.__error) {
      // the stored body is already worded for people; a refused transition keeps its state and allowed events
      const { __error, code, message, details, ...extra } = row.body;
      throw new ApiError(row.status, code, message, details ?? [], extra);
    }
    return { status: row.status, body: row.body?.value };
  }

  private store(scope: string, key: string, status: number, body: unknown, isError = false) {
    const stored = isError ? { __error: true, ...(body as object) } : { value: body ?? null };
    return this.db.query(`UPDATE idempotency_keys SET status = $3, body = $4 WHERE scope = $1 AND key = $2`, [
      scope, key, status, JSON.stringify(stored),
    ]);
  }

  private release(scope: string, key: string) {
    return this.db.query(`DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
  }
}
