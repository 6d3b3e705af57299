import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, map, mergeMap } from 'rxjs/operators';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { runWithIdempotencyClaim } from '@app/persistence';
import { ApiError } from './api-error';
import { mapError } from './error.filter';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const HANDLED = Symbol('idempotency handled');
const FILES_PARSED = Symbol('files parsed');
const CLEAN_UP_EVERY_MS = 60_000;

interface UploadedFileLike {
  fieldname?: string;
  buffer?: Buffer;
}

type Claim = { claimId: string } | { replay: { status: number; body: any } };

/**
 * `Idempotency-Key` on a write: the first answer is stored (per caller and key) and returned again for a retry of
 * the same request, so a retried command acts once. The same key with a different request is refused (422).
 *
 * - The command's transaction marks the key committed (`markIdempotentCommit`, in `Sql.transaction` and
 *   `TransactionRunner.run`), so "done" and the command's writes commit together. The answer itself is stored right
 *   after; a crash in between leaves a committed key without an answer: a retry is told so (409, not run again).
 *   Commands that commit through `DataSource.transaction` directly (a few admin and notice operations) are only
 *   marked when their answer is stored, as before.
 * - A retry while the first request runs gets 409 (retryable). After IDEMPOTENCY_IN_PROGRESS_TIMEOUT_MS a retry takes
 *   an uncommitted key over (a crash no longer means 409 for ever); the first request, should it still try to
 *   commit, finds its claim gone and rolls back.
 * - Multipart requests are hashed after the file is parsed (the file's content is part of the hash): this
 *   interceptor is also declared on each upload route, after its FileInterceptor; the global pass leaves them alone.
 * - Keys expire after IDEMPOTENCY_KEY_TTL_MS (the key is then free again) and are deleted by a clean-up that runs
 *   with the requests, at most once a minute per process.
 * Server errors and retryable conflicts are not stored: the key is released unless the command had committed.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private lastCleanUp = 0;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest();
    const res = ctx.switchToHttp().getResponse();
    const key: string | undefined = req.headers['idempotency-key'];
    if (!key || !WRITE_METHODS.has(req.method) || req[HANDLED]) return next.handle();
    // a multipart body is not parsed yet in the global pass: the route's own pass (after its FileInterceptor) hashes it
    if (req.is?.('multipart/form-data') && !req[FILES_PARSED]) return next.handle();
    req[HANDLED] = true;
    if (key.length > 200) return throwError(() => ApiError.badRequest('Idempotency-Key', 'at most 200 characters'));
    const scope = req.actor?.userId ?? 'anonymous';
    const hash = requestHash(req);
    this.cleanUpNowAndThen();

    return from(this.claim(scope, key, hash)).pipe(
      mergeMap((claim) => {
        if ('replay' in claim) {
          res.status(claim.replay.status).setHeader('Idempotent-Replayed', 'true');
          return of(claim.replay.body);
        }
        const { claimId } = claim;
        // the handler runs inside the claim, so its transaction marks the key committed as it commits
        const handled = new Observable<unknown>((subscriber) =>
          runWithIdempotencyClaim({ scope, key, claimId }, () => next.handle().subscribe(subscriber)));
        return handled.pipe(
          // the answer is stored before it is sent, so an immediate retry already finds it; if storing fails the
          // key is released unless its command committed (then a retry is told the answer was lost)
          mergeMap((body) =>
            from(this.store(scope, key, claimId, res.statusCode, body).catch(() => this.release(scope, key, claimId).catch(() => undefined)))
              .pipe(map(() => body)),
          ),
          catchError((error) => {
            const { status, body } = mapError(error);
            const keep = status >= 400 && status < 500 && !body.retryable;
            const done = keep ? this.store(scope, key, claimId, status, body, true) : this.release(scope, key, claimId);
            return from(done.catch(() => undefined)).pipe(mergeMap(() => throwError(() => error)));
          }),
        );
      }),
    );
  }

  /** A fresh claim on the key, or the stored answer of a previous identical request to replay. */
  private async claim(scope: string, key: string, hash: string): Promise<Claim> {
    const claimId = randomUUID();
    // an expired key is free again
    await this.db.query(
      `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND created_at < now() - $3 * interval '1 millisecond'`,
      [scope, key, this.config.idempotencyKeyTtlMs],
    );
    const inserted = await this.db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status, claim_id) VALUES ($1, $2, $3, 0, $4)
       ON CONFLICT DO NOTHING RETURNING key`,
      [scope, key, hash, claimId],
    );
    if (inserted.length) return { claimId };
    const [row] = await this.db.query(
      `SELECT request_hash, status, body, claim_id, committed_at IS NOT NULL AS committed,
              claimed_at < now() - $3 * interval '1 millisecond' AS stale
         FROM idempotency_keys WHERE scope = $1 AND key = $2`,
      [scope, key, this.config.idempotencyInProgressTimeoutMs],
    );
    if (!row) return this.claim(scope, key, hash); // released in between: try again
    if (row.request_hash !== hash) {
      throw new ApiError(422, 'IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used for a different request');
    }
    if (row.status === 0) {
      if (row.committed && row.stale) {
        throw ApiError.conflict('IDEMPOTENCY_ANSWER_LOST', 'the request with this key was carried out but its answer was not kept; read the resource to see the result');
      }
      if (!row.committed && row.stale) {
        // the first request crashed (or is far past the timeout): take the key over; it can no longer commit
        const [taken] = await this.db.query(
          `UPDATE idempotency_keys SET claim_id = $4, claimed_at = now()
            WHERE scope = $1 AND key = $2 AND claim_id IS NOT DISTINCT FROM $3 AND status = 0 AND committed_at IS NULL
            RETURNING key`,
          [scope, key, row.claim_id, claimId],
        ).then((r: [unknown[], number]) => r[0]);
        if (taken) return { claimId };
        return this.claim(scope, key, hash);
      }
      throw ApiError.conflict('IDEMPOTENCY_IN_PROGRESS', 'the first request with this key is still running', { retryable: true });
    }
    if (row.body?.__error) {
      // the stored body is already worded for people; a refused transition keeps its state and allowed events
      const { __error, code, message, details, ...extra } = row.body;
      throw new ApiError(row.status, code, message, details ?? [], extra);
    }
    return { replay: { status: row.status, body: row.body?.value } };
  }

  private store(scope: string, key: string, claimId: string, status: number, body: unknown, isError = false) {
    const stored = isError ? { __error: true, ...(body as object) } : { value: body ?? null };
    return this.db.query(
      `UPDATE idempotency_keys SET status = $4, body = $5, committed_at = coalesce(committed_at, now())
        WHERE scope = $1 AND key = $2 AND claim_id = $3`,
      [scope, key, claimId, status, JSON.stringify(stored)],
    );
  }

  /** Frees the key for a retry, unless its command committed (it must not run twice). */
  private release(scope: string, key: string, claimId: string) {
    return this.db.query(
      `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND claim_id = $3 AND committed_at IS NULL`,
      [scope, key, claimId],
    );
  }

  /** Deletes expired keys, a batch at a time, at most once a minute per process (never in the request's way). */
  private cleanUpNowAndThen(): void {
    const now = Date.now();
    if (now - this.lastCleanUp < CLEAN_UP_EVERY_MS) return;
    this.lastCleanUp = now;
    this.cleanUp().catch(() => undefined);
  }

  /** Deletes up to `limit` expired keys; answers how many. */
  async cleanUp(limit = 5000): Promise<number> {
    const [, count] = await this.db.query(
      `DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
         SELECT ctid FROM idempotency_keys WHERE created_at < now() - $1 * interval '1 millisecond' LIMIT $2))`,
      [this.config.idempotencyKeyTtlMs, limit],
    );
    return count;
  }
}

/**
 * The same, declared on an upload route after its FileInterceptor: `@UseInterceptors(FileInterceptor('x'),
 * IdempotencyAfterUpload)`. The file is parsed by then and goes into the request's hash.
 */
@Injectable()
export class IdempotencyAfterUpload extends IdempotencyInterceptor {
  override intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    ctx.switchToHttp().getRequest()[FILES_PARSED] = true;
    return super.intercept(ctx, next);
  }
}

/** Method, URL, body and — for an upload — each file's field and content digest. */
export function requestHash(req: any): string {
  const hash = createHash('sha256').update(`${req.method} ${req.originalUrl ?? req.url}\n${JSON.stringify(req.body ?? {})}`);
  const files: UploadedFileLike[] = [
    ...(req.file ? [req.file] : []),
    ...(Array.isArray(req.files) ? req.files : Object.values(req.files ?? {}).flat()),
  ] as UploadedFileLike[];
  for (const f of files) {
    hash.update(`\n${f.fieldname ?? ''}:`).update(f.buffer ? createHash('sha256').update(f.buffer).digest('hex') : 'no-content');
  }
  return hash.digest('hex');
}
