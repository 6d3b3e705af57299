/**
 * Every TypeORM entity class of the application. A module that maps a table to an entity adds it here, so the
 * API, the worker, the CLI and the tests build the same DataSource.
 */
export const ENTITIES: Function[] = [];

export function registerEntities(...entities: Function[]): void {
  for (const e of entities) if (!ENTITIES.includes(e)) ENTITIES.push(e);
}
