/**
 * An HTTP request with an Idempotency-Key runs inside this context (set by the API's idempotency interceptor).
 * Every transaction that commits work for it — `Sql.transaction` (the command handlers' unit of work) and
 * `TransactionRunner.run` — records, in that same transaction, that the key's command has committed. So a key is
 * marked done exactly when the command's writes are, never one without the other:
 * - a crash after the commit leaves a committed key: a retry is not run again (it is told the outcome is lost);
 * - a request that lost its claim (it ran past the in-progress timeout and a retry took the key over) finds its
 *   claim gone when it tries to commit, and its transaction rolls back: the command acts once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Queryable } from './sql';
import { CheckedStep, returnedRows, runStep } from './write-step';

export interface IdempotencyClaim {
  scope: string;
  key: string;
  claimId: string;
}

const current = new AsyncLocalStorage<IdempotencyClaim>();

export function runWithIdempotencyClaim<T>(claim: IdempotencyClaim, work: () => T): T {
  return current.run(claim, work);
}

/** The command's claim on its key was taken over by a retry: this attempt must not commit. */
export class IdempotencyClaimLostError extends Error {
  readonly code = 'CONFLICT';
  readonly retryable = true;
  constructor() {
    super('this request ran past the idempotency in-progress timeout and a retry took its key over; it did nothing');
  }
}

/** Inside a transaction, just before COMMIT: marks the current key committed (no-op outside a keyed request). */
export async function markIdempotentCommit(tx: Queryable): Promise<void> {
  const step = idempotentCommitStep();
  if (!step) return;
  if (!returnedRows(await runStep(tx, step)).length) throw step.orElse();
}

/**
 * The same mark as a step (RETURNING a row; none → IdempotencyClaimLostError), for a commit in one statement;
 * undefined outside a keyed request.
 */
export function idempotentCommitStep(): CheckedStep | undefined {
  const claim = current.getStore();
  if (!claim) return undefined;
  return {
    sql: `UPDATE idempotency_keys SET committed_at = coalesce(committed_at, now())
           WHERE scope = $1 AND key = $2 AND claim_id = $3 RETURNING key`,
    params: [claim.scope, claim.key, claim.claimId],
    orElse: () => new IdempotencyClaimLostError(),
  };
}
