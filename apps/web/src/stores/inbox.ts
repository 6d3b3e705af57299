import { defineStore } from 'pinia';
import { ref } from 'vue';
import { call } from '@/api/client';
import type { components } from '@/api/openapi';

/** An inbox item as the server sends it (occasion: what the notice was for; link: where it is acted on). */
export type InboxItem = components['schemas']['InboxItemDto'];

/** The in-app inbox (站内信) and its unread count for the header, polled while the console is open. */
export const useInbox = defineStore('inbox', () => {
  const unread = ref(0);
  let timer: ReturnType<typeof setInterval> | undefined;

  async function refreshCount() {
    try {
      unread.value = (await call<InboxItem[]>('GET', '/inbox?unread=true&limit=500')).length;
    } catch {
      /* shown elsewhere */
    }
  }

  function poll() {
    clearInterval(timer);
    void refreshCount();
    timer = setInterval(() => void refreshCount(), 60_000);
  }

  function stop() {
    clearInterval(timer);
  }

  async function list(onlyUnread = false): Promise<InboxItem[]> {
    return call<InboxItem[]>('GET', `/inbox?limit=200${onlyUnread ? '&unread=true' : ''}`);
  }

  async function markRead(id: string) {
    await call('POST', `/inbox/${id}/read`);
    await refreshCount();
  }

  return { unread, poll, stop, refreshCount, list, markRead };
});
