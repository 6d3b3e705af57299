/**
 * The home page's lists (GET /me/todo): 待办 (what awaits the user now, with deadlines and links) and 已办 (what
 * they did), shaped for the list.
 */
import { call } from './client';
import type { components } from './openapi';

export interface TodoItem {
  key: string;
  title: string;
  detail?: string;
  deadline?: string | null;
  deadlineText?: string | null;
  overdue?: boolean;
  /** a console path to act on it */
  to?: string | null;
  at?: string | null;
}

export interface TodoLists {
  todo: TodoItem[];
  done: TodoItem[];
}

/** A console link of the server (/console/…) as a router path. */
export const routePath = (link: string | null | undefined) => (link ? link.replace(/^\/console(?=\/|$)/, '') || '/' : null);

export async function loadTodo(): Promise<TodoLists> {
  const r = await call<components['schemas']['TodoDto']>('GET', '/me/todo');
  const todo: TodoItem[] = r.items.map((x, i) => ({
    key: `${x.kind}-${x.stationId ?? ''}-${i}`,
    title: x.title,
    detail: [x.stationName, x.detail].filter(Boolean).join('：') || undefined,
    deadline: x.deadline, deadlineText: x.deadlineText, overdue: x.overdue, to: routePath(x.link),
  }));
  const done: TodoItem[] = r.done.map((e) => ({
    key: e.id, title: e.typeLabel, detail: [e.station?.name, e.summary].filter(Boolean).join('：') || undefined, at: e.occurredAt,
  }));
  return { todo, done };
}
