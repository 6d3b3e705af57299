/**
 * Thin pure wrapper over XState's pure `initialTransition` / `transition`.
 *
 * Handlers keep a machine's state as a JSON `PersistedSnapshot` (a column of the row), and call:
 *   startSnapshot(machine, input)            → the first snapshot
 *   applyEvent(machine, snapshot, event)     → next snapshot, or TransitionRefusedError
 *   allowedEvents(machine, snapshot)         → what the current state accepts
 * Nothing here runs actions, timers or I/O: machines only assign context.
 */
import {
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type ContextFrom,
  type EventFromLogic,
  type InputFrom,
  type SnapshotFrom,
  createActor,
  initialTransition,
} from 'xstate';
import { IncompatibleSnapshotError, TransitionRefusedError, ValidationError } from './errors';

export interface PersistedSnapshot<TContext = unknown> {
  /** The machine's id, e.g. `stationYear`. */
  machineId: string;
  /** The machine definition's version (`STATION_YEAR_MACHINE_VERSION` …); bumped on incompatible changes. */
  machineVersion: number;
  status: 'active' | 'done' | 'error' | 'stopped';
  /** State name (both machines are flat). */
  value: string;
  context: TContext;
  /** Other fields from XState's `getPersistedSnapshot` (children, historyValue, tags …) are kept as is. */
  [key: string]: unknown;
}

export interface ApplyResult<TContext = unknown> {
  snapshot: PersistedSnapshot<TContext>;
  state: string;
  previousState: string;
  /** False when the event was accepted but changed neither state nor context (e.g. DRAFT_SAVED). */
  changed: boolean;
}

/** The integer version a machine declares through its config's `version` field. */
export function machineVersionOf(machine: AnyStateMachine): number {
  const version = Number(machine.version);
  if (!Number.isInteger(version)) {
    throw new Error(`machine ${machine.id} declares no integer version (config.version = ${machine.version})`);
  }
  return version;
}

/** Serialise a live snapshot: XState's persisted form plus machine id and version. */
export function persistSnapshot<M extends AnyStateMachine>(
  machine: M,
  snapshot: SnapshotFrom<M>,
): PersistedSnapshot<ContextFrom<M>> {
  const persisted = machine.getPersistedSnapshot(snapshot) as Record<string, unknown>;
  return {
    ...persisted,
    machineId: machine.id,
    machineVersion: machineVersionOf(machine),
    status: persisted.status as PersistedSnapshot['status'],
    value: stateName(persisted.value),
    context: persisted.context as ContextFrom<M>,
  };
}

/**
 * Rebuild a live snapshot from its persisted form (a row's JSON column, possibly JSON-round-tripped).
 * Throws IncompatibleSnapshotError for another machine, another machine version, or an unknown state.
 */
export function restoreSnapshot<M extends AnyStateMachine>(machine: M, persisted: unknown): SnapshotFrom<M> {
  if (!persisted || typeof persisted !== 'object') {
    throw new IncompatibleSnapshotError(machine.id, `not a persisted ${machine.id} snapshot: ${String(persisted)}`);
  }
  const p = persisted as Partial<PersistedSnapshot>;
  if (p.machineId !== machine.id) {
    throw new IncompatibleSnapshotError(
      machine.id,
      `snapshot belongs to machine "${String(p.machineId)}", not "${machine.id}"`,
    );
  }
  const expected = machineVersionOf(machine);
  if (p.machineVersion !== expected) {
    throw new IncompatibleSnapshotError(
      machine.id,
      `snapshot of ${machine.id} machine version ${String(p.machineVersion)} cannot be restored by version ` +
        `${expected}; migrate the stored snapshot first`,
    );
  }
  if (typeof p.value !== 'string' || !Object.hasOwn(machine.root.states, p.value)) {
    throw new IncompatibleSnapshotError(
      machine.id,
      `snapshot names state "${String(p.value)}", which machine ${machine.id} v${expected} does not have`,
    );
  }
  return machine.resolveState({
    value: p.value,
    context: p.context,
    historyValue: p.historyValue as never,
    status: p.status,
  }) as SnapshotFrom<M>;
}

/** The initial persisted snapshot for `input` (XState's pure `initialTransition`). */
export function startSnapshot<M extends AnyStateMachine>(machine: M, input: InputFrom<M>): PersistedSnapshot<ContextFrom<M>> {
  const start = initialTransition as (logic: AnyStateMachine, input: unknown) => [AnyMachineSnapshot, unknown[]];
  const [snapshot] = start(machine, input);
  return persistSnapshot(machine, snapshot as SnapshotFrom<M>);
}

/** Event types the snapshot's current state declares, in declaration order. Guards may still refuse them. */
export function allowedEvents<M extends AnyStateMachine>(machine: M, persisted: unknown): string[] {
  return declaredEvents(restoreSnapshot(machine, persisted) as AnyMachineSnapshot);
}

/** Whether `event` would be accepted (declared here and its guard passes). */
export function canApply<M extends AnyStateMachine>(machine: M, persisted: unknown, event: EventFromLogic<M>): boolean {
  return (restoreSnapshot(machine, persisted) as AnyMachineSnapshot).can(event);
}

/**
 * Apply one event with XState's pure transition (the machine's own `transition` with an inert scope, see
 * below). Refused events (not declared in the current state, or every candidate transition's guard failed) throw TransitionRefusedError; a guard refusal carries
 * the reason written in that transition's `meta.refusal`.
 */
export function applyEvent<M extends AnyStateMachine>(
  machine: M,
  persisted: unknown,
  event: EventFromLogic<M>,
): ApplyResult<ContextFrom<M>> {
  if (!event || typeof event !== 'object' || typeof event.type !== 'string') {
    throw new ValidationError('event', 'must be an object with a string `type`');
  }
  const current = restoreSnapshot(machine, persisted) as AnyMachineSnapshot;
  const previousState = stateName(current.value);
  if (!current.can(event)) {
    const allowed = declaredEvents(current);
    const reason = allowed.includes(event.type) ? (refusalReason(current, event.type) ?? 'a guard refused it') : undefined;
    throw new TransitionRefusedError(previousState, event.type, allowed, reason);
  }
  const next = machine.transition(current, event, inertScope(machine)) as SnapshotFrom<M>;
  const snapshot = persistSnapshot(machine, next);
  return {
    snapshot,
    state: snapshot.value,
    previousState,
    // the restored snapshot holds the persisted context as given (JSON), so it is compared as it came in
    changed: snapshot.value !== previousState || JSON.stringify(snapshot.context) !== JSON.stringify(current.context),
  };
}

/**
 * What XState's pure `transition(machine, snapshot, event)` does, minus its per-call cost: it builds a fresh inert
 * actor scope on every call, and that builds an actor, which computes the machine's initial snapshot (the context
 * factory, called without input, throws and is caught: a stack trace per command). Our machines only assign
 * context, spawn nothing and their actions are never executed here, so one inert scope per machine serves every
 * call: `actionExecutor` drops the actions as `transition` returned them to be dropped.
 */
const inertScopes = new WeakMap<AnyStateMachine, AnyActorScope>();

function inertScope(machine: AnyStateMachine): AnyActorScope {
  let scope = inertScopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    scope = {
      self, id: '', sessionId: '', system: self.system,
      logger: () => undefined, defer: () => undefined, emit: () => undefined, stopChild: () => undefined, actionExecutor: () => undefined,
    };
    inertScopes.set(machine, scope);
  }
  return scope;
}

function stateName(value: unknown): string {
  if (typeof value !== 'string') throw new Error(`expected a flat state value, got ${JSON.stringify(value)}`);
  return value;
}

function declaredEvents(snapshot: AnyMachineSnapshot): string[] {
  if (snapshot.status !== 'active') return [];
  const events = new Set<string>();
  for (const node of snapshot._nodes) for (const type of node.ownEvents) events.add(type);
  return [...events];
}

function refusalReason(snapshot: AnyMachineSnapshot, eventType: string): string | undefined {
  const reasons = new Set<string>();
  for (const node of snapshot._nodes) {
    for (const t of node.transitions.get(eventType) ?? []) {
      const refusal = (t.meta as { refusal?: unknown } | undefined)?.refusal;
      if (typeof refusal === 'string') reasons.add(refusal);
    }
  }
  return reasons.size ? [...reasons].join('; ') : undefined;
}
