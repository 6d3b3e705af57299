/**
 * The home page's lists: 待办 (what awaits the user now, with deadlines and links) and 已办 (what they did).
 * From GET /me/todo when the server has it; until then built from the inbox (unread = 待办, read = 已办).
 */
import { call, ApiFailure } from './client';
import type { InboxItem } from '@/stores/inbox';

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
  inboxId?: string;
}

export interface TodoLists {
  todo: TodoItem[];
  done: TodoItem[];
  source: 'todo' | 'inbox';
}

function fromInbox(items: InboxItem[]): TodoLists {
  const asItem = (i: InboxItem): TodoItem => ({ key: i.id, title: i.title, detail: i.subject, at: i.createdAt, inboxId: i.id, to: '/inbox' });
  return { todo: items.filter((i) => !i.readAt).map(asItem), done: items.filter((i) => i.readAt).map(asItem), source: 'inbox' };
}

/** A console link of the server (/console/…) as a router path. */
export const routePath = (link: string | null | undefined) => (link ? link.replace(/^\/console(?=\/|$)/, '') || '/' : null);

export async function loadTodo(): Promise<TodoLists> {
  try {
    const r = await call<any>('GET', '/me/todo');
    const todo: TodoItem[] = (r.items ?? []).map((x: any, i: number) => ({
      key: `${x.kind}-${x.stationId ?? ''}-${i}`,
      title: x.title,
      detail: [x.stationName, x.detail].filter(Boolean).join('：') || undefined,
      deadline: x.deadline, deadlineText: x.deadlineText, overdue: x.overdue, to: routePath(x.link),
    }));
    const done: TodoItem[] = (r.done ?? []).map((e: any) => ({
      key: e.id, title: e.typeLabel, detail: [e.station?.name, e.summary].filter(Boolean).join('：') || undefined, at: e.occurredAt,
    }));
    return { todo, done, source: 'todo' };
  } catch (e) {
    if (!(e instanceof ApiFailure) || e.status !== 404) throw e;
    return fromInbox(await call<InboxItem[]>('GET', '/inbox?limit=200'));
  }
}
