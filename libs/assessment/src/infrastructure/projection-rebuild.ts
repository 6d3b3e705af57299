import { DataSource } from 'typeorm';
import { appendEvents } from '@app/persistence';
import type { Actor } from '@app/platform';
import { rebuildProjections } from './projector';

/** Every read model rebuilt from the event store in one transaction, recorded as ProjectionsRebuilt. Returns the events replayed. */
export function rebuildProjectionsAs(db: DataSource, actor: Actor, at: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const n = await rebuildProjections(tx);
    await appendEvents(tx, [{
      streamType: 'system', streamId: 'projections', type: 'ProjectionsRebuilt', payload: { events: n },
      actorId: actor.userId, actorRole: actor.role, occurredAt: at,
    }]);
    return n;
  });
}
