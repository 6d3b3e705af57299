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

export async function loadTodo(): Promise<TodoLists> {
  try {
    const r = await call<any>('GET', '/me/todo');
    const items = Array.isArray(r) ? r : (r?.items ?? r?.todo ?? []);
    const done = Array.isArray(r?.done) ? r.done : [];
    const map = (x: any, i: number): TodoItem => ({
      key: x.id ?? x.key ?? String(i), title: x.title ?? x.label ?? x.kind, detail: x.detail ?? x.description ?? x.stationName,
      deadline: x.deadline ?? x.dueAt ?? null, to: x.consolePath ?? x.to ?? null, at: x.at ?? x.occurredAt ?? null,
    });
    return { todo: items.map(map), done: done.map(map), source: 'todo' };
  } catch (e) {
    if (!(e instanceof ApiFailure) || e.status !== 404) throw e;
    return fromInbox(await call<InboxItem[]>('GET', '/inbox?limit=200'));
  }
}
