import type { RouteRecordRaw } from 'vue-router';

/**
 * What a console page declares: its menu title and group, and the permissions (any of) the server must grant the
 * role (GET /auth/me) for the page to appear. `station: true` pages belong to a station user's own station.
 */
export interface PageMeta {
  title: string;
  group?: string;
  icon?: string;
  permissions?: string[];
  station?: boolean;
  /** not in the menu (e.g. a station's detail page) */
  hidden?: boolean;
  order?: number;
}

export type PageRoute = RouteRecordRaw & { meta: PageMeta };

declare module 'vue-router' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface RouteMeta extends Partial<PageMeta> {}
}
