/**
 * How every command writes: in one transaction, each changed row is updated `WHERE version = :v` (another
 * writer in between → OptimisticLockError → 409 retryable), the events are appended, the projections updated
 * and the outbox rows inserted. Nothing is written if any part fails.
 */
import { Injectable, Inject } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  appendEvents, enqueueOutbox, NewEvent, OutboxMessage, Queryable, Sql, updateWithVersion,
} from '@app/persistence';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { Actor, CLOCK } from '@app/platform';
import type { Clock } from '@app/platform';
import { AnyStateMachine } from 'xstate';
import { applyEvent, HAND_OFF_MESSAGE, isHandOffEvent } from '../domain';
import { QUEUES } from '@app/messaging';
import { project } from './projector';
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
    this.sql = new Sql(db);
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

  async commit(c: Commit, extra?: (tx: Queryable) => Promise<void>): Promise<void> {
    await this.sql.transaction(async (tx) => {
      for (const ch of c.changes ?? []) {
        await updateWithVersion(tx, ch.table, ch.row.id, ch.row.version, {
          state: ch.state, snapshot: ch.snapshot, updated_at: this.now(), ...ch.set,
        });
      }
      if (extra) await extra(tx);
      const ids = await appendEvents(tx, c.events);
      await project(tx, c.events);
      await enqueueOutbox(tx, [...(c.outbox ?? []), ...handOffMessages(c.events, ids)]);
    });
  }
}

/** Every hand-off event of a commit, to the worker that tells the next person (by event id: it reads the stored event). */
function handOffMessages(events: NewEvent[], ids: string[]): OutboxMessage[] {
  return events.flatMap((e, i) => (isHandOffEvent(e.type)
    ? [{ queue: QUEUES.domainEvents, name: HAND_OFF_MESSAGE, payload: { eventType: HAND_OFF_MESSAGE, eventId: ids[i], type: e.type, subdistrictId: e.subdistrictId } }]
    : []));
}
