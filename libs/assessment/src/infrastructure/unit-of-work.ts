/**
 * How every command writes: in one transaction, each changed row is updated `WHERE version = :v` (another
 * writer in between → OptimisticLockError → 409 retryable), the events are appended, the projections updated
 * and the outbox rows inserted. Nothing is written if any part fails.
 */
import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  appendEventsStep, canShareStatement, idempotentCommitStep, NewEvent, OutboxMessage, outboxStep, Queryable, returnedRows, runStep, Sql,
  versionedUpdate, writeInOneStatement,
} from '@app/persistence';
import type { WriteStep } from '@app/persistence';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { Actor, CLOCK } from '@app/platform';
import type { Clock } from '@app/platform';
import { AnyStateMachine } from 'xstate';
import { applyEvent, HAND_OFF_EVENT_TYPES, HAND_OFF_MESSAGE, isHandOffEvent } from '../domain';
import { QUEUES } from '@app/messaging';
import { projectionSteps } from './projector';
import { loadYear, StationYearRow, YearRow } from './rows';
import type { Policy } from '@app/policy';
import { PolicyCatalog } from './policy-catalog';

export interface RowChange {
  table: 'station_years' | 'assessment_years';
  row: { id: string; version: number };
  snapshot: unknown;
  state: string;
  set?: Record<string, unknown>;
}

export interface Commit {
  changes?: RowChange[];
  events: NewEvent[];
  outbox?: OutboxMessage[];
  /** Other rows the command writes with it (e.g. an uploaded file). */
  writes?: WriteStep[];
}

/** Runs machine events through a row's snapshot (pure); throws TransitionRefusedError when one is not allowed. */
export function advance<M extends AnyStateMachine>(
  machine: M,
  table: RowChange['table'],
  row: StationYearRow | YearRow,
  events: any[],
): RowChange {
  let snapshot: any = row.snapshot;
  let state = row.state;
  for (const e of events) {
    const r = applyEvent(machine, snapshot, e);
    snapshot = r.snapshot;
    state = r.state;
  }
  return { table, row, snapshot, state };
}

@Injectable()
export class UnitOfWork {
  private readonly policyVersions = new Map<string, string>();
  /**
   * The same database without TypeORM in between: a command's reads and its commit go through it (rows and
   * errors as `db.query` gives them, a QueryRunner and EntityManager fewer per query).
   */
  readonly sql: Sql;

  constructor(
    readonly db: DataSource,
    @Inject(CLOCK) readonly clock: Clock,
    @Inject(APP_CONFIG) readonly config: AppConfig,
    readonly policies: PolicyCatalog,
  ) {
    this.sql = new Sql(db, { prepare: true });
  }

  now(): Date {
    return this.clock.now();
  }

  /**
   * The policy a year was opened with. A year's version never changes once opened, so it is cached: the hot
   * commands (submit, score) skip a query.
   */
  async policyFor(ref: { subdistrictId: string; year: number }): Promise<Policy> {
    const key = `${ref.subdistrictId}/${ref.year}`;
    let version = this.policyVersions.get(key);
    if (!version) {
      version = (await loadYear(this.sql, ref.subdistrictId, ref.year)).policyVersion;
      if (this.policyVersions.size > 10_000) this.policyVersions.clear();
      this.policyVersions.set(key, version);
    }
    return this.policies.get(version);
  }

  /** An event of a stream, stamped with the actor and the clock. */
  event(
    actor: Actor,
    stream: { type: 'station_year' | 'assessment_year'; id: string; subdistrictId: string },
    type: string,
    payload: Record<string, unknown>,
    reason?: string | null,
  ): NewEvent {
    return {
      streamType: stream.type, streamId: stream.id, subdistrictId: stream.subdistrictId, type, payload,
      actorId: actor.userId, actorRole: actor.role, reason: reason ?? null, occurredAt: this.now(),
    };
  }

  /**
   * Writes a command: its versioned row updates, `writes`, events, projections and outbox rows, all or nothing.
   * The usual command (one projected event, no `extra` work) commits in ONE statement — one round trip instead of
   * BEGIN, a statement per part and COMMIT (writeInOneStatement); the rest in a transaction, part after part.
   */
  async commit(c: Commit, extra?: (tx: Queryable) => Promise<void>): Promise<void> {
    const now = this.now();
    const checked = (c.changes ?? []).map((ch) =>
      versionedUpdate(ch.table, ch.row.id, ch.row.version, { state: ch.state, snapshot: ch.snapshot, updated_at: now, ...ch.set }));
    const projected = projectionSteps(c.events);
    const writes = [
      ...(c.writes ?? []),
      ...(c.events.length ? [eventsWithHandOffs(c.events)] : []),
      ...projected,
      ...(c.outbox?.length ? [outboxStep(c.outbox)] : []),
    ];
    if (!extra && projected.length <= 1 && canShareStatement(writes)) {
      const claim = idempotentCommitStep(); // an Idempotency-Key's command is done exactly when its writes are
      return writeInOneStatement(this.sql, claim ? [...checked, claim] : checked, writes);
    }
    await this.sql.transaction(async (tx) => {
      for (const step of checked) if (!returnedRows(await runStep(tx, step)).length) throw step.orElse();
      if (extra) await extra(tx);
      for (const step of writes) await runStep(tx, step);
    });
  }
}

/**
 * The events' INSERT and, in the same statement, an outbox message for each hand-off event among them, to the worker
 * that tells the next person (by event id: it reads the stored event).
 */
function eventsWithHandOffs(events: NewEvent[]): WriteStep {
  const append = appendEventsStep(events);
  if (!events.some((e) => isHandOffEvent(e.type))) return append;
  const n = append.params.length;
  return {
    with: [['ev', append.sql]],
    sql: `INSERT INTO outbox (queue, name, payload)
          SELECT $${n + 1}, $${n + 2}, jsonb_build_object('eventType', $${n + 2}::text, 'eventId', ev.id::text, 'type', ev.type, 'subdistrictId', ev.subdistrict_id)
          FROM ev WHERE ev.type = ANY ($${n + 3}::text[]) ORDER BY ev.id`,
    params: [...append.params, QUEUES.domainEvents, HAND_OFF_MESSAGE, HAND_OFF_EVENT_TYPES],
  };
}
